package io.concord.console.allocation;

import java.util.List;
import java.util.Locale;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Pre-sale allocation plans: {@code /ops/allocation?campaign=} lists a campaign's plans,
 * {@code /ops/allocation/{id}} shows one, and its approve and reject forms post to
 * {@code /ops/allocation/{id}/approval} and {@code /rejection}, which call the same
 * operations of the admin API as the signed-in user. A refusal (403 for an ops-viewer,
 * 409 for a plan already decided) comes back as the API's own words.
 */
@Controller
class AllocationController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	AllocationController(AdminApi api, MessageSource messages, ConsoleFailures failures) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
	}

	@GetMapping("/allocation")
	String plans(@RequestParam(required = false) @Nullable String campaign, Authentication user, Model model,
			Locale locale) {
		model.addAttribute("campaign", campaign);
		List<AllocationPlan> plans = List.of();
		if (campaign != null && !campaign.isBlank()) {
			try {
				JsonNode answer = this.api.get(user, "/admin/inventory/allocation-plans?campaignId={campaign}",
						campaign.strip());
				plans = JSON.convertValue(answer,
						JSON.getTypeFactory().constructCollectionType(List.class, AllocationPlan.class));
			}
			catch (AdminApi.Refused | RestClientException ex) {
				model.addAttribute("failure", failure(ex, locale));
			}
		}
		model.addAttribute("plans", plans);
		return "allocation/list";
	}

	@GetMapping("/allocation/{id}")
	String plan(@PathVariable long id, Authentication user, Model model, Locale locale) {
		try {
			model.addAttribute("plan", JSON
				.convertValue(this.api.get(user, "/admin/inventory/allocation-plans/{id}", id), AllocationPlan.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", failure(ex, locale));
		}
		return "allocation/detail";
	}

	@PostMapping("/allocation/{id}/approval")
	String approve(@PathVariable long id, Authentication user, RedirectAttributes redirect, Locale locale) {
		return decide(id, "approval", "allocation.approved", user, redirect, locale);
	}

	@PostMapping("/allocation/{id}/rejection")
	String reject(@PathVariable long id, Authentication user, RedirectAttributes redirect, Locale locale) {
		return decide(id, "rejection", "allocation.rejected", user, redirect, locale);
	}

	private String decide(long id, String decision, String done, Authentication user, RedirectAttributes redirect,
			Locale locale) {
		try {
			this.api.post(user, "/admin/inventory/allocation-plans/{id}/" + decision, id);
			redirect.addFlashAttribute("notice", this.messages.getMessage(done, new Object[] { id }, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", failure(ex, locale));
		}
		return "redirect:" + UriComponentsBuilder.fromPath("/allocation/{id}").buildAndExpand(id);
	}

	private String failure(RuntimeException ex, Locale locale) {
		return this.failures.describe(ex, locale);
	}

}
