package io.concord.console.campaigns;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import io.concord.console.ConsoleFormat;
import io.concord.console.ConsoleProperties;
import io.concord.console.FormInput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpMethod;
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
 * Campaigns, promotions and coupon drops: {@code /ops/campaigns} lists campaigns (by
 * status) with a form to create one; {@code /ops/campaigns/{id}} shows one with its
 * promotions and statistics (the coupon burn of each drop), and its forms activate, pause
 * or end the campaign, add a promotion or drop, and pause or resume a promotion. Every
 * action is the admin API's operation called as the signed-in user; a refusal (403 for an
 * ops-viewer, 409 for a campaign in the wrong state, 422 for a promotion that does not
 * make sense) comes back in the API's own words.
 */
@Controller
class CampaignsController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// The label of each field a form can get wrong (FormInput.Invalid names the field).
	private static final Map<String, String> FIELDS = Map.of("startsAt", "campaigns.startsAt", "endsAt",
			"campaigns.endsAt", "amount", "campaigns.form.amount", "percent", "campaigns.form.percent", "spend",
			"campaigns.form.spend", "cap", "campaigns.form.cap", "quantity", "campaigns.form.quantity", "perMember",
			"campaigns.form.perMember", "validDays", "campaigns.form.validDays", "budget", "campaigns.form.budget");

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ConsoleFormat format;

	private final ZoneId zone;

	CampaignsController(AdminApi api, MessageSource messages, ConsoleFailures failures, ConsoleFormat format,
			ConsoleProperties properties) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.format = format;
		this.zone = properties.zone();
	}

	@GetMapping("/campaigns")
	String campaigns(@RequestParam(required = false) @Nullable String status, Authentication user, Model model,
			Locale locale) {
		String filter = (status != null && Campaign.STATES.contains(status)) ? status : null;
		List<Campaign> campaigns = List.of();
		try {
			JsonNode answer = (filter != null) ? this.api.get(user, "/admin/promotions/campaigns?status={s}", filter)
					: this.api.get(user, "/admin/promotions/campaigns");
			campaigns = JSON.convertValue(answer,
					JSON.getTypeFactory().constructCollectionType(List.class, Campaign.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		model.addAttribute("status", filter);
		model.addAttribute("states", Campaign.STATES);
		model.addAttribute("campaigns",
				campaigns.stream().sorted((a, b) -> b.startsAt().compareTo(a.startsAt())).toList());
		if (!model.containsAttribute("form")) {
			// A new campaign starts at the next full hour and runs a day, until changed.
			Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
			model.addAttribute("form", new CampaignForm(null, null, null, FormInput.local(start, this.zone),
					FormInput.local(start.plus(Duration.ofDays(1)), this.zone)));
		}
		return "campaigns/list";
	}

	@PostMapping("/campaigns")
	String create(CampaignForm form, Authentication user, RedirectAttributes redirect, Locale locale) {
		try {
			Map<String, Object> body = new LinkedHashMap<>();
			if (form.id() != null && !form.id().isBlank()) {
				body.put("id", form.id().strip());
			}
			body.put("name", (form.name() != null) ? form.name().strip() : "");
			if (form.description() != null && !form.description().isBlank()) {
				body.put("description", form.description().strip());
			}
			body.put("startsAt", FormInput.instant("startsAt", form.startsAt(), this.zone));
			body.put("endsAt", FormInput.instant("endsAt", form.endsAt(), this.zone));
			JsonNode created = this.api.send(user, HttpMethod.POST, "/admin/promotions/campaigns", body);
			String id = created.path("campaign").path("id").asString();
			redirect.addFlashAttribute("notice", message("campaigns.created", locale, id));
			return detail(id);
		}
		catch (FormInput.Invalid ex) {
			redirect.addFlashAttribute("failure", invalid(ex, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		// Not lost: the form comes back as typed.
		redirect.addFlashAttribute("form", form);
		return "redirect:/campaigns";
	}

	@GetMapping("/campaigns/{id}")
	String campaign(@PathVariable String id, Authentication user, Model model, Locale locale) {
		try {
			JsonNode answer = this.api.get(user, "/admin/promotions/campaigns/{id}", id);
			Campaign campaign = JSON.convertValue(answer.path("campaign"), Campaign.class);
			List<Promotion> promotions = JSON.convertValue(answer.path("promotions"),
					JSON.getTypeFactory().constructCollectionType(List.class, Promotion.class));
			model.addAttribute("campaign", campaign);
			model.addAttribute("promotions", promotions);
			Map<String, String> rules = new LinkedHashMap<>();
			promotions.forEach((p) -> rules.put(p.id(), rule(p.definition(), locale)));
			model.addAttribute("rules", rules);
			model.addAttribute("kinds", PromotionForm.KINDS);
			model.addAttribute("currency", this.format.currency().getCurrencyCode());
			if (!model.containsAttribute("promotionForm")) {
				model.addAttribute("promotionForm", new PromotionForm(null, null, "AMOUNT_OFF", "COUPON", null, null,
						null, null, null, "1", null, null, null, null, null));
			}
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
			return "campaigns/detail";
		}
		try {
			model.addAttribute("statistics", JSON.convertValue(
					this.api.get(user, "/admin/promotions/campaigns/{id}/statistics", id), CampaignStatistics.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			// The campaign is still worth showing without its figures.
			model.addAttribute("statisticsFailure", this.failures.describe(ex, locale));
		}
		return "campaigns/detail";
	}

	@PostMapping("/campaigns/{id}/activation")
	String activate(@PathVariable String id, Authentication user, RedirectAttributes redirect, Locale locale) {
		return act(id, "/admin/promotions/campaigns/{id}/activation", id, "campaigns.activated", user, redirect,
				locale);
	}

	@PostMapping("/campaigns/{id}/pause")
	String pause(@PathVariable String id, Authentication user, RedirectAttributes redirect, Locale locale) {
		return act(id, "/admin/promotions/campaigns/{id}/pause", id, "campaigns.paused", user, redirect, locale);
	}

	@PostMapping("/campaigns/{id}/end")
	String end(@PathVariable String id, Authentication user, RedirectAttributes redirect, Locale locale) {
		return act(id, "/admin/promotions/campaigns/{id}/end", id, "campaigns.ended", user, redirect, locale);
	}

	@PostMapping("/campaigns/{id}/promotions")
	String define(@PathVariable String id, PromotionForm form, Authentication user, RedirectAttributes redirect,
			Locale locale) {
		try {
			JsonNode defined = this.api.send(user, HttpMethod.POST, "/admin/promotions/campaigns/{id}/promotions",
					form.request(this.format.currency(), this.zone), id);
			redirect.addFlashAttribute("notice",
					message("campaigns.promotionAdded", locale, defined.path("id").asString()));
			return detail(id);
		}
		catch (FormInput.Invalid ex) {
			redirect.addFlashAttribute("failure", invalid(ex, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		redirect.addFlashAttribute("promotionForm", form);
		return detail(id);
	}

	@PostMapping("/campaigns/{id}/promotions/{promotion}/pause")
	String pausePromotion(@PathVariable String id, @PathVariable String promotion, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		return act(id, "/admin/promotions/promotions/{id}/pause", promotion, "campaigns.promotionPaused", user,
				redirect, locale);
	}

	@PostMapping("/campaigns/{id}/promotions/{promotion}/resume")
	String resumePromotion(@PathVariable String id, @PathVariable String promotion, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		return act(id, "/admin/promotions/promotions/{id}/resume", promotion, "campaigns.promotionResumed", user,
				redirect, locale);
	}

	private String act(String campaign, String path, String target, String done, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		try {
			this.api.post(user, path, target);
			redirect.addFlashAttribute("notice", message(done, locale, target));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return detail(campaign);
	}

	/** What one offer gives, in words and the promotion's currency. */
	private String rule(Promotion.Definition definition, Locale locale) {
		Promotion.Rule rule = definition.rule();
		String currency = definition.currency();
		List<String> parts = new ArrayList<>();
		switch (definition.kind()) {
			case "AMOUNT_OFF" ->
				parts.add(message("campaigns.rule.amountOff", locale, money(rule.amountOffMinor(), currency, locale)));
			case "PERCENT_OFF" -> parts.add(message("campaigns.rule.percentOff", locale, percent(rule.percentOff())));
			case "SPEND_THRESHOLD" -> {
				List<String> tiers = new ArrayList<>();
				for (Promotion.Tier tier : (rule.tiers() != null) ? rule.tiers() : List.<Promotion.Tier>of()) {
					tiers.add(message("campaigns.rule.tier", locale, money(tier.spendMinor(), currency, locale),
							money(tier.offMinor(), currency, locale)));
				}
				parts.add(String.join(" / ", tiers));
				if (rule.repeating()) {
					parts.add(message("campaigns.rule.repeating", locale));
				}
			}
			case "FREE_SHIPPING" -> parts.add(message("campaigns.rule.freeShipping", locale));
			case "BUY_X_GET_Y" ->
				parts.add(message("campaigns.rule.buyXGetY", locale, rule.buyQuantity(), rule.getQuantity()));
			default -> parts.add(definition.kind());
		}
		if (rule.capMinor() != null) {
			parts.add(message("campaigns.rule.cap", locale, money(rule.capMinor(), currency, locale)));
		}
		if (rule.minSpendMinor() != null && rule.minSpendMinor() > 0) {
			parts.add(message("campaigns.rule.minSpend", locale, money(rule.minSpendMinor(), currency, locale)));
		}
		return String.join(" · ", parts);
	}

	private String money(@Nullable Long minor, String currency, Locale locale) {
		return (minor != null) ? this.format.money(minor, currency, locale) : "–";
	}

	private static String percent(@Nullable BigDecimal percent) {
		return (percent != null) ? percent.stripTrailingZeros().toPlainString() : "–";
	}

	private String invalid(FormInput.Invalid ex, Locale locale) {
		String field = message(FIELDS.getOrDefault(ex.field(), "campaigns.form.value"), locale);
		return message("campaigns.unreadable", locale, field, ex.value());
	}

	private String message(String key, Locale locale, @Nullable Object... arguments) {
		return this.messages.getMessage(key, arguments, locale);
	}

	private static String detail(String id) {
		return "redirect:" + UriComponentsBuilder.fromPath("/campaigns/{id}").buildAndExpand(id).encode();
	}

}
