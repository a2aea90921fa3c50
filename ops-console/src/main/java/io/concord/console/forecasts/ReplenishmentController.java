package io.concord.console.forecasts;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import io.concord.console.ConsoleProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import static io.concord.console.forecasts.ForecastsController.JSON;

/**
 * Stock gaps ({@code /ops/forecasts/stock-gaps?days=}): where projected stock runs out,
 * with the lead time replenishment plans with (the supplier's contract, else inventory's
 * setting) and the day to order by so supply arrives in time. Replenishment
 * ({@code /ops/forecasts/replenishment?status=&sku=}): the suggestions to order with
 * their lead time and order-by day, a SKU's plan per location, and a check on demand (the
 * API allows an ops-manager).
 */
@Controller
class ReplenishmentController {

	/**
	 * At most this many SKUs' plans are read for one gap report (one call each): a report
	 * of more shows the rest without lead times rather than keep the page waiting.
	 */
	static final int MAX_PLANS = 25;

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ConsoleProperties properties;

	ReplenishmentController(AdminApi api, MessageSource messages, ConsoleFailures failures,
			ConsoleProperties properties) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.properties = properties;
	}

	/**
	 * A gap with the lead time and supplier of its SKU × location's plan (null when not
	 * known) and the day to order by: the day it runs out less the lead time.
	 */
	public record GapRow(Supply.Gap gap, Supply.@Nullable Policy policy, @Nullable LocalDate orderBy, boolean late) {
	}

	/**
	 * A suggestion with the lead time it was planned with (need-by less the day it was
	 * made) and the day to order by for the units to arrive by need-by.
	 */
	public record SuggestionRow(Supply.Suggestion suggestion, long leadTimeDays, LocalDate needBy, LocalDate orderBy,
			boolean late) {
	}

	@GetMapping("/forecasts/stock-gaps")
	String gaps(@RequestParam(defaultValue = "14") int days, Authentication user, Model model, Locale locale) {
		model.addAttribute("days", days);
		model.addAttribute("maxPlans", MAX_PLANS);
		List<GapRow> rows = new ArrayList<>();
		try {
			List<Supply.Gap> gaps = JSON.convertValue(
					this.api.get(user, "/admin/inventory/stock-gaps?days={days}", days),
					JSON.getTypeFactory().constructCollectionType(List.class, Supply.Gap.class));
			Map<String, Supply.Policy> policies = policies(user, gaps);
			LocalDate today = LocalDate.now(this.properties.zone());
			for (Supply.Gap gap : gaps) {
				Supply.Policy policy = policies.get(gap.sku() + "\n" + gap.location());
				LocalDate orderBy = (policy != null) ? gap.runsOutOn().minusDays(policy.leadTimeDays()) : null;
				rows.add(new GapRow(gap, policy, orderBy, orderBy != null && orderBy.isBefore(today)));
			}
			model.addAttribute("partial", gaps.stream().map(Supply.Gap::sku).distinct().count() > MAX_PLANS);
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		model.addAttribute("gaps", rows);
		return "forecasts/stock-gaps";
	}

	@GetMapping("/forecasts/replenishment")
	String replenishment(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String sku, Authentication user, Model model, Locale locale) {
		String wantedStatus = (status != null && Supply.SUGGESTION_STATUSES.contains(status)) ? status : "";
		String wantedSku = (sku != null) ? sku.strip() : "";
		model.addAttribute("status", wantedStatus);
		model.addAttribute("sku", wantedSku);
		model.addAttribute("statuses", Supply.SUGGESTION_STATUSES);
		List<SuggestionRow> rows = new ArrayList<>();
		List<Supply.Plan> plans = List.of();
		try {
			UriComponentsBuilder path = UriComponentsBuilder.fromPath("/admin/inventory/replenishment/suggestions");
			if (!wantedStatus.isEmpty()) {
				path.queryParam("status", "{status}");
			}
			if (!wantedSku.isEmpty()) {
				path.queryParam("sku", "{sku}");
			}
			List<Object> variables = new ArrayList<>();
			if (!wantedStatus.isEmpty()) {
				variables.add(wantedStatus);
			}
			if (!wantedSku.isEmpty()) {
				variables.add(wantedSku);
			}
			List<Supply.Suggestion> suggestions = JSON.convertValue(
					this.api.get(user, path.build().toUriString(), variables.toArray()),
					JSON.getTypeFactory().constructCollectionType(List.class, Supply.Suggestion.class));
			LocalDate today = LocalDate.now(this.properties.zone());
			for (Supply.Suggestion suggestion : suggestions) {
				LocalDate needBy = LocalDate.ofInstant(suggestion.needBy(), this.properties.zone());
				// need-by = made + lead time (ReplenishmentPlanner): the lead time it
				// was planned with.
				long lead = Duration.between(suggestion.createdAt(), suggestion.needBy()).toDays();
				LocalDate orderBy = needBy.minusDays(lead);
				rows.add(new SuggestionRow(suggestion, lead, needBy, orderBy,
						"OPEN".equals(suggestion.status()) && orderBy.isBefore(today)));
			}
			if (!wantedSku.isEmpty()) {
				plans = JSON.convertValue(this.api.get(user, "/admin/inventory/replenishment/{sku}", wantedSku),
						JSON.getTypeFactory().constructCollectionType(List.class, Supply.Plan.class));
			}
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		model.addAttribute("suggestions", rows);
		model.addAttribute("plans", plans);
		return "forecasts/replenishment";
	}

	@PostMapping("/forecasts/replenishment/evaluations")
	String evaluate(Authentication user, RedirectAttributes redirect, Locale locale) {
		try {
			JsonNode answer = this.api.post(user, "/admin/inventory/replenishment/evaluations");
			redirect.addFlashAttribute("notice", this.messages.getMessage("forecasts.evaluated",
					new Object[] { answer.path("suggested").asInt() }, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return "redirect:/forecasts/replenishment";
	}

	/**
	 * The policy (lead time, supplier, terms' source) of each gap's SKU × location, read
	 * from the SKU's replenishment plan; a SKU without one (no forecast yet) has none.
	 */
	private Map<String, Supply.Policy> policies(Authentication user, List<Supply.Gap> gaps) {
		Set<String> skus = new LinkedHashSet<>();
		gaps.forEach((gap) -> skus.add(gap.sku()));
		Map<String, Supply.Policy> policies = new HashMap<>();
		skus.stream().limit(MAX_PLANS).forEach((sku) -> {
			try {
				List<Supply.Plan> plans = JSON.convertValue(
						this.api.get(user, "/admin/inventory/replenishment/{sku}", sku),
						JSON.getTypeFactory().constructCollectionType(List.class, Supply.Plan.class));
				plans.forEach((plan) -> policies.put(plan.sku() + "\n" + plan.location(), plan.policy()));
			}
			catch (AdminApi.Refused ex) {
				// No plan for this SKU (404): its gaps show without a lead time.
			}
		});
		return policies;
	}

}
