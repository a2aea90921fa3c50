package io.concord.console.prices;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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
 * Prices: {@code /ops/prices} shows the open rule violations and competitor undercut
 * alerts of every SKU; {@code /ops/prices?sku=} shows one SKU's price now per channel,
 * its scheduled changes and history, its SKU groups and their rules, its violations,
 * overrides and alerts. Its forms set (or schedule) a price and cancel a scheduled one,
 * as the signed-in user: a change breaking a hard rule comes back as the API's 409 unless
 * the override box is ticked, an ops-viewer's as 403.
 */
@Controller
class PricesController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// The label of each field the form can get wrong (FormInput.Invalid names the field).
	private static final Map<String, String> FIELDS = Map.of("listPrice", "prices.listPrice", "sellingPrice",
			"prices.sellingPrice", "effectiveFrom", "prices.effectiveFrom", "effectiveTo", "prices.effectiveTo",
			"currency", "prices.currency");

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ConsoleFormat format;

	private final ZoneId zone;

	PricesController(AdminApi api, MessageSource messages, ConsoleFailures failures, ConsoleFormat format,
			ConsoleProperties properties) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.format = format;
		this.zone = properties.zone();
	}

	@GetMapping("/prices")
	String prices(@RequestParam(required = false) @Nullable String sku, Authentication user, Model model,
			Locale locale) {
		String wanted = (sku != null && !sku.isBlank()) ? sku.strip() : null;
		model.addAttribute("sku", wanted);
		model.addAttribute("now", Instant.now());
		model.addAttribute("channels", Prices.CHANNELS);
		model.addAttribute("currency", this.format.currency().getCurrencyCode());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new PriceForm("ALL", null, null, null, null, null, null, null));
		}
		if (wanted == null) {
			model.addAttribute("violations", read(model, locale,
					() -> list(this.api.get(user, "/admin/promotions/prices/violations"), Prices.Violation.class)));
			model.addAttribute("alerts",
					read(model, locale,
							() -> list(this.api.get(user, "/admin/promotions/competitors/alerts?status=OPEN"),
									Prices.Alert.class)));
			return "prices/overview";
		}
		try {
			Prices.Sku prices = JSON.convertValue(this.api.get(user, "/admin/promotions/prices/{sku}", wanted),
					Prices.Sku.class);
			model.addAttribute("prices", prices);
			model.addAttribute("history",
					list(this.api.get(user, "/admin/promotions/prices/{sku}/history", wanted), Prices.Entry.class)
						.reversed());
			List<Prices.Group> groups = list(this.api.get(user, "/admin/promotions/prices/groups"), Prices.Group.class);
			model.addAttribute("groups", groups.stream().filter((g) -> prices.groups().contains(g.id())).toList());
		}
		catch (AdminApi.Refused | RestClientException ex) {
			// 404: the SKU never had a price; the form below can set its first.
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		model.addAttribute("violations", read(model, locale,
				() -> list(this.api.get(user, "/admin/promotions/prices/violations?open=false"), Prices.Violation.class)
					.stream()
					.filter((v) -> v.sku().equals(wanted))
					.toList()));
		model.addAttribute("overrides", read(model, locale,
				() -> list(this.api.get(user, "/admin/promotions/prices/overrides"), Prices.Override.class).stream()
					.filter((o) -> o.concerns(wanted))
					.toList()));
		model.addAttribute("alerts", read(model, locale,
				() -> list(this.api.get(user, "/admin/promotions/competitors/alerts?status=OPEN"), Prices.Alert.class)
					.stream()
					.filter((a) -> a.sku().equals(wanted))
					.sorted(Comparator.comparing(Prices.Alert::openedAt).reversed())
					.toList()));
		return "prices/sku";
	}

	@PostMapping("/prices/entries")
	String set(@RequestParam String sku, PriceForm form, Authentication user, RedirectAttributes redirect,
			Locale locale) {
		try {
			JsonNode change = this.api.send(user, HttpMethod.POST, "/admin/promotions/prices",
					form.request(sku.strip(), this.format.currency(), this.zone));
			JsonNode price = change.path("price");
			String amount = this.format.money(price.path("sellingPriceMinor").asLong(),
					price.path("currency").asString(), locale);
			redirect.addFlashAttribute("notice",
					message(change.path("overridden").asBoolean() ? "prices.setOverridden" : "prices.set", locale,
							channel(price.path("channel").asString(), locale), amount));
			return back(sku);
		}
		catch (FormInput.Invalid ex) {
			String field = message(FIELDS.getOrDefault(ex.field(), "prices.value"), locale);
			redirect.addFlashAttribute("failure", message("prices.unreadable", locale, field, ex.value()));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		redirect.addFlashAttribute("form", form);
		return back(sku);
	}

	@PostMapping("/prices/entries/{id}/cancellation")
	String cancel(@PathVariable UUID id, @RequestParam String sku,
			@RequestParam(required = false) @Nullable String reason, Authentication user, RedirectAttributes redirect,
			Locale locale) {
		try {
			this.api.send(user, HttpMethod.POST, "/admin/promotions/prices/entries/{id}/cancellation",
					Map.of("reason", (reason != null) ? reason.strip() : ""), id);
			redirect.addFlashAttribute("notice", message("prices.cancelled", locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return back(sku);
	}

	/** A part of the page that could not be read says so and leaves the rest. */
	private <T> List<T> read(Model model, Locale locale, java.util.function.Supplier<List<T>> reader) {
		try {
			return reader.get();
		}
		catch (AdminApi.Refused | RestClientException ex) {
			if (!model.containsAttribute("failure")) {
				model.addAttribute("failure", this.failures.describe(ex, locale));
			}
			return List.of();
		}
	}

	private static <T> List<T> list(JsonNode answer, Class<T> type) {
		return JSON.convertValue(answer, JSON.getTypeFactory().constructCollectionType(List.class, type));
	}

	private String channel(String channel, Locale locale) {
		return "ALL".equals(channel) ? message("prices.allChannels", locale) : channel;
	}

	private String message(String key, Locale locale, @Nullable Object... arguments) {
		return this.messages.getMessage(key, arguments, locale);
	}

	private static String back(String sku) {
		return "redirect:" + UriComponentsBuilder.fromPath("/prices").queryParam("sku", sku.strip()).build().encode();
	}

}
