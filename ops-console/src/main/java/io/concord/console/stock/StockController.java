package io.concord.console.stock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import io.concord.console.ConsoleProperties;
import io.concord.console.stock.StockViews.Fence;
import io.concord.console.stock.StockViews.Level;
import io.concord.console.stock.StockViews.Mismatch;
import io.concord.console.stock.StockViews.Movement;
import io.concord.console.stock.StockViews.Sku;
import io.concord.console.stock.StockViews.Totals;
import io.concord.console.stock.StockViews.Transfer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
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
 * Stock screens over inventory-service's admin API, as the signed-in user:
 * {@code /ops/stock?q=} finds SKUs by code or name, {@code /ops/stock?sku=} shows a SKU's
 * levels per location (out-of-stock and low ones marked), its ring-fences and transfers
 * in transit with the forms that change them,
 * {@code /ops/stock/{sku}/{location}/movements} the ledger of one location and
 * {@code /ops/stock/reconcile} the ledger check. Every form posts here, is passed on as
 * it was typed and redirects back to the SKU: a refusal shows the API's own words in the
 * form, with the values kept.
 */
@Controller
class StockController {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/** Enough to pick from; a longer list means the search should be narrower. */
	private static final int SEARCH_LIMIT = 50;

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ConsoleProperties properties;

	StockController(AdminApi api, MessageSource messages, ConsoleFailures failures, ConsoleProperties properties) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.properties = properties;
	}

	@GetMapping("/stock")
	String stock(@RequestParam(required = false) @Nullable String sku,
			@RequestParam(required = false) @Nullable String q, Authentication user, Model model, Locale locale) {
		String code = StockForms.text(sku);
		String search = StockForms.text(q);
		model.addAttribute("q", (search != null) ? search : code);
		if (code != null) {
			return sku(code, user, model, locale);
		}
		if (search != null) {
			try {
				List<Sku> found = list(
						this.api.get(user, "/admin/inventory/skus?q={q}&limit={limit}", search, SEARCH_LIMIT),
						Sku.class);
				// A code typed in full, or the only match: straight to its stock.
				for (Sku one : found) {
					if (one.sku().equalsIgnoreCase(search) || found.size() == 1) {
						return "redirect:" + skuPage(one.sku());
					}
				}
				model.addAttribute("found", found);
			}
			catch (AdminApi.Refused | RestClientException ex) {
				model.addAttribute("failure", this.failures.describe(ex, locale));
			}
		}
		return "stock/index";
	}

	private String sku(String code, Authentication user, Model model, Locale locale) {
		try {
			Sku sku = JSON.convertValue(this.api.get(user, "/admin/inventory/skus/{sku}", code), Sku.class);
			List<Level> levels = list(this.api.get(user, "/admin/inventory/stock/{sku}", code), Level.class);
			List<Fence> fences = list(this.api.get(user, "/admin/inventory/ring-fences?sku={sku}", code), Fence.class);
			List<Transfer> transfers = list(this.api.get(user, "/admin/inventory/transfers?sku={sku}", code),
					Transfer.class);
			model.addAttribute("sku", sku);
			model.addAttribute("levels", levels);
			model.addAttribute("totals", Totals.of(levels, fences, sku.reorderPoint()));
			model.addAttribute("fences", fences);
			model.addAttribute("transfers", transfers);
			// A refused form comes back (flash) with its values; the others start blank.
			model.addAttribute("adjustment", model.getAttribute("adjustment") instanceof StockForms.Adjustment form
					? form : StockForms.Adjustment.blank(sku.sku()));
			model.addAttribute("count", model.getAttribute("count") instanceof StockForms.Count form ? form
					: StockForms.Count.blank(sku.sku()));
			model.addAttribute("fence", model.getAttribute("fence") instanceof StockForms.Fence form ? form
					: StockForms.Fence.blank(sku.sku()));
			model.addAttribute("reasons", StockForms.REASONS);
			model.addAttribute("channels", StockForms.CHANNELS);
			model.addAttribute("transfer", model.getAttribute("transfer") instanceof StockForms.Transfer form ? form
					: StockForms.Transfer.blank(sku.sku()));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "stock/index";
	}

	@GetMapping("/stock/{sku}/{location}/movements")
	String movements(@PathVariable String sku, @PathVariable String location,
			@RequestParam(defaultValue = "100") int limit, Authentication user, Model model, Locale locale) {
		model.addAttribute("skuCode", sku);
		model.addAttribute("location", location);
		model.addAttribute("movements", List.of());
		try {
			model.addAttribute("movements",
					list(this.api.get(user, "/admin/inventory/stock/{sku}/{location}/movements?limit={limit}", sku,
							location, limit), Movement.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "stock/movements";
	}

	@GetMapping("/stock/reconcile")
	String reconcile(Authentication user, Model model, Locale locale) {
		model.addAttribute("mismatches", null);
		try {
			model.addAttribute("mismatches", list(this.api.get(user, "/admin/inventory/reconcile"), Mismatch.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "stock/reconcile";
	}

	@PostMapping("/stock/adjustments")
	String adjust(StockForms.Adjustment form, Authentication user, RedirectAttributes redirect, Locale locale) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("sku", StockForms.text(form.sku()));
		body.put("location", StockForms.text(form.location()));
		body.put("quantity", StockForms.whole(form.quantity()));
		body.put("reason", StockForms.text(form.reason()));
		body.put("reference", StockForms.text(form.reference()));
		try {
			Level level = JSON.convertValue(this.api.sendOnce(user, HttpMethod.POST, "/admin/inventory/adjustments",
					body, StockForms.keyOf(form.key())), Level.class);
			notice(redirect, "stock.done.adjusted", locale, level.location(), form.quantity(), level.onHand(),
					level.available());
		}
		catch (AdminApi.Refused | RestClientException ex) {
			refused(redirect, ex, locale, "adjustment", form.again());
		}
		return "redirect:" + skuPage(form.sku());
	}

	@PostMapping("/stock/counts")
	String count(StockForms.Count form, Authentication user, RedirectAttributes redirect, Locale locale) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("sku", StockForms.text(form.sku()));
		body.put("location", StockForms.text(form.location()));
		body.put("counted", StockForms.whole(form.counted()));
		body.put("reference", StockForms.text(form.reference()));
		try {
			Level level = JSON.convertValue(this.api.sendOnce(user, HttpMethod.POST, "/admin/inventory/counts", body,
					StockForms.keyOf(form.key())), Level.class);
			notice(redirect, "stock.done.counted", locale, level.location(), level.onHand(), level.available());
		}
		catch (AdminApi.Refused | RestClientException ex) {
			refused(redirect, ex, locale, "count", form.again());
		}
		return "redirect:" + skuPage(form.sku());
	}

	@PostMapping("/stock/ring-fences")
	String fence(StockForms.Fence form, Authentication user, RedirectAttributes redirect, Locale locale) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("sku", StockForms.text(form.sku()));
		body.put("channel", StockForms.text(form.channel()));
		if (form.percent()) {
			body.put("sharePercent", StockForms.decimal(form.amount()));
		}
		else {
			body.put("quantity", StockForms.whole(form.amount()));
		}
		body.put("campaignId", StockForms.text(form.campaignId()));
		body.put("releaseAt", StockForms.instant(form.releaseAt(), this.properties.zone()));
		try {
			Fence fence = JSON.convertValue(this.api.sendOnce(user, HttpMethod.POST, "/admin/inventory/ring-fences",
					body, StockForms.keyOf(form.key())), Fence.class);
			notice(redirect, "stock.done.fenced", locale, String.valueOf(fence.id()), fence.quantity(),
					fence.channel());
		}
		catch (AdminApi.Refused | RestClientException ex) {
			refused(redirect, ex, locale, "fence", form.again());
		}
		return "redirect:" + skuPage(form.sku());
	}

	@PostMapping("/stock/ring-fences/{id}/release")
	String release(@PathVariable long id, @RequestParam(required = false) @Nullable String sku, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		try {
			this.api.post(user, "/admin/inventory/ring-fences/{id}/release", id);
			notice(redirect, "stock.done.released", locale, String.valueOf(id));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			refused(redirect, ex, locale, null, null);
		}
		return "redirect:" + skuPage(sku);
	}

	@PostMapping("/stock/transfers")
	String transfer(StockForms.Transfer form, Authentication user, RedirectAttributes redirect, Locale locale) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("sku", StockForms.text(form.sku()));
		body.put("from", StockForms.text(form.from()));
		body.put("to", StockForms.text(form.to()));
		body.put("quantity", StockForms.whole(form.quantity()));
		body.put("reference", StockForms.text(form.reference()));
		try {
			Transfer transfer = JSON.convertValue(this.api.sendOnce(user, HttpMethod.POST, "/admin/inventory/transfers",
					body, StockForms.keyOf(form.key())), Transfer.class);
			notice(redirect, "stock.done.shipped", locale, String.valueOf(transfer.id()), transfer.quantity(),
					transfer.fromLocation(), transfer.toLocation());
		}
		catch (AdminApi.Refused | RestClientException ex) {
			refused(redirect, ex, locale, "transfer", form.again());
		}
		return "redirect:" + skuPage(form.sku());
	}

	@PostMapping("/stock/transfers/{id}/receipt")
	String receive(@PathVariable long id, @RequestParam(required = false) @Nullable String sku,
			@RequestParam(required = false) @Nullable String received, Authentication user, RedirectAttributes redirect,
			Locale locale) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("received", StockForms.whole(received));
		try {
			Transfer transfer = JSON.convertValue(
					this.api.send(user, HttpMethod.POST, "/admin/inventory/transfers/{id}/receipt", body, id),
					Transfer.class);
			notice(redirect, "stock.done.received", locale, String.valueOf(transfer.id()), transfer.received(),
					transfer.toLocation());
		}
		catch (AdminApi.Refused | RestClientException ex) {
			refused(redirect, ex, locale, null, new StockForms.Receipt(id, received));
		}
		return "redirect:" + skuPage(sku);
	}

	private void notice(RedirectAttributes redirect, String key, Locale locale, @Nullable Object... arguments) {
		redirect.addFlashAttribute("notice", this.messages.getMessage(key, arguments, locale));
	}

	/**
	 * The API's refusal in the reader's language, shown in the form that was sent (named)
	 * with its values, or at the top of the page.
	 */
	private void refused(RedirectAttributes redirect, RuntimeException ex, Locale locale, @Nullable String form,
			@Nullable Object values) {
		redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		if (form != null) {
			redirect.addFlashAttribute("failedForm", form);
		}
		if (values != null) {
			redirect.addFlashAttribute((form != null) ? form : "receipt", values);
		}
	}

	/** The SKU's page (the search page when none is named). */
	static String skuPage(@Nullable String sku) {
		String code = StockForms.text(sku);
		UriComponentsBuilder page = UriComponentsBuilder.fromPath("/stock");
		if (code != null) {
			page.queryParam("sku", code);
		}
		return page.encode().build().toUriString();
	}

	private static <T> List<T> list(JsonNode answer, Class<T> type) {
		return JSON.convertValue(answer, JSON.getTypeFactory().constructCollectionType(List.class, type));
	}

}
