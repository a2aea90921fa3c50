package io.concord.console.operations;

import java.util.List;
import java.util.Locale;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /ops/operations}: per service its outbox backlog, consumer lag per topic, dead
 * letters and HTTP traffic per endpoint (rates, 4xx and 5xx, p95/p99), load-test traffic
 * apart. Read-only: every role that may sign in sees the same, and a service that refuses
 * or cannot be reached shows why in its row.
 */
@Controller
class OperationsController {

	private final ServiceOperations operations;

	OperationsController(ServiceOperations operations) {
		this.operations = operations;
	}

	@GetMapping("/operations")
	String operations(Authentication user, Model model, Locale locale) {
		List<ServiceFigures> services = this.operations.read(user, locale);
		model.addAttribute("services", services);
		model.addAttribute("backlogAgeLimit", ServiceFigures.BACKLOG_AGE_LIMIT_SECONDS);
		model.addAttribute("lagLimit", ServiceFigures.LAG_LIMIT);
		services.stream()
			.filter((service) -> service.error() != null)
			.findFirst()
			.ifPresent((service) -> model.addAttribute("failure", service.error()));
		// The chart's data: real and shadow requests per second per service.
		model.addAttribute("chartServices", String.join(",", services.stream().map(ServiceFigures::service).toList()));
		model.addAttribute("chartReal",
				String.join(",",
						services.stream()
							.map((service) -> String.format(Locale.ROOT, "%.2f", service.realPerSecond()))
							.toList()));
		model.addAttribute("chartShadow",
				String.join(",",
						services.stream()
							.map((service) -> String.format(Locale.ROOT, "%.2f", service.shadowPerSecond()))
							.toList()));
		return "operations/index";
	}

}
