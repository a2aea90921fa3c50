package io.concord.console.deadletters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Dead letters: {@code /ops/dead-letters?service=&status=} lists them (one service, or
 * all four, newest first), {@code /ops/dead-letters/{service}/{id}} shows one with its
 * payload, and its form posts {@code …/replay}, which replays it through the service's
 * admin API as the signed-in user: the outcome (replayed, or the API's refusal, e.g. 422
 * when the handler fails again) comes back on the same page.
 */
@Controller
class DeadLettersController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** How many of the newest dead letters a list reads per service. */
	static final int LIMIT = 100;

	/** Each service's admin path, by the name the console uses. */
	static final Map<String, String> SERVICES = new LinkedHashMap<>();

	/** Each service's name on screen (a key of the bundle). */
	static final Map<String, String> LABELS = Map.of("member", "deadletters.service.member", "inventory",
			"deadletters.service.inventory", "promotion", "deadletters.service.promotion", "fulfillment",
			"deadletters.service.fulfillment");

	static {
		SERVICES.put("member", "/admin/members");
		SERVICES.put("inventory", "/admin/inventory");
		SERVICES.put("promotion", "/admin/promotions");
		SERVICES.put("fulfillment", "/admin/fulfillment");
	}

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	DeadLettersController(AdminApi api, MessageSource messages, ConsoleFailures failures) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
	}

	@GetMapping("/dead-letters")
	String list(@RequestParam(required = false) @Nullable String service,
			@RequestParam(required = false) @Nullable String status, Authentication user, Model model, Locale locale) {
		String chosen = (service != null && SERVICES.containsKey(service)) ? service : null;
		String state = (status != null && DeadLetter.STATES.contains(status)) ? status : null;
		model.addAttribute("service", chosen);
		model.addAttribute("status", state);
		model.addAttribute("services", SERVICES.keySet());
		model.addAttribute("states", DeadLetter.STATES);
		List<DeadLetter> letters = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		for (String name : (chosen != null) ? List.of(chosen) : List.copyOf(SERVICES.keySet())) {
			try {
				JsonNode answer = (state != null) ? this.api.get(user,
						SERVICES.get(name) + "/dead-letters?status={status}&limit={limit}", state, LIMIT)
						: this.api.get(user, SERVICES.get(name) + "/dead-letters?limit={limit}", LIMIT);
				answer.forEach((letter) -> letters.add(letter(name, letter)));
			}
			catch (AdminApi.Refused | RestClientException ex) {
				// One service out of reach still leaves the others' letters to read.
				failed.add(this.messages.getMessage("deadletters.serviceFailed", new Object[] {
						this.messages.getMessage(LABELS.get(name), null, locale), this.failures.describe(ex, locale) },
						locale));
			}
		}
		letters.sort(Comparator.comparing(DeadLetter::failedAt).reversed());
		model.addAttribute("letters", letters);
		model.addAttribute("failures", failed);
		return "deadletters/list";
	}

	@GetMapping("/dead-letters/{service}/{id}")
	String letter(@PathVariable String service, @PathVariable long id, Authentication user, Model model,
			Locale locale) {
		String base = base(service);
		model.addAttribute("service", service);
		model.addAttribute("id", id);
		try {
			DeadLetter letter = letter(service, this.api.get(user, base + "/dead-letters/{id}", id));
			model.addAttribute("letter", letter);
			model.addAttribute("payload", pretty(letter.payload()));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "deadletters/detail";
	}

	@PostMapping("/dead-letters/{service}/{id}/replay")
	String replay(@PathVariable String service, @PathVariable long id, Authentication user, RedirectAttributes redirect,
			Locale locale) {
		String base = base(service);
		try {
			this.api.post(user, base + "/dead-letters/{id}/replay", id);
			redirect.addFlashAttribute("notice",
					this.messages.getMessage("deadletters.replayed", new Object[] { id }, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return "redirect:" + UriComponentsBuilder.fromPath("/dead-letters/{service}/{id}")
			.buildAndExpand(service, id)
			.toUriString();
	}

	private static String base(String service) {
		String base = SERVICES.get(service);
		if (base == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return base;
	}

	private static DeadLetter letter(String service, JsonNode answer) {
		ObjectNode withService = (answer instanceof ObjectNode object) ? object.deepCopy() : JSON.createObjectNode();
		withService.put("service", service);
		return JSON.convertValue(withService, DeadLetter.class);
	}

	/** A JSON payload indented for reading; anything else as it came. */
	private static String pretty(String payload) {
		try {
			JsonNode json = JSON.readTree(payload);
			return (json == null || json.isMissingNode()) ? payload
					: JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
		}
		catch (JacksonException ex) {
			return payload;
		}
	}

}
