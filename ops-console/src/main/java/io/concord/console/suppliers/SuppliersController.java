package io.concord.console.suppliers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import io.concord.console.ConsoleFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Suppliers and purchase orders: {@code /ops/suppliers} lists the suppliers with their
 * grades, {@code /ops/suppliers/{id}} shows one's scorecard, contract terms and purchase
 * orders (and drafts a new one), {@code /ops/suppliers/purchase-orders/{id}} one purchase
 * order, approved, cancelled or received from there. Every read and action is the admin
 * API's, as the signed-in user; a refusal comes back as the API's own words.
 */
@Controller
class SuppliersController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PO_PAGE = "/suppliers/purchase-orders/{id}";

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ConsoleFormat format;

	SuppliersController(AdminApi api, MessageSource messages, ConsoleFailures failures, ConsoleFormat format) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.format = format;
	}

	record Ordered(String sku, int quantity) {
	}

	record Draft(String supplierId, String location, @Nullable Instant needBy, boolean emergency, List<Ordered> lines) {
	}

	record Inspected(String sku, int received, int accepted, @Nullable String rejectReason) {
	}

	record Receipt(List<Inspected> lines) {
	}

	@GetMapping("/suppliers")
	String suppliers(Authentication user, Model model, Locale locale) {
		List<Supply.Supplier> suppliers = List.of();
		try {
			suppliers = list(this.api.get(user, "/admin/fulfillment/suppliers"), Supply.Supplier.class);
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		model.addAttribute("suppliers", suppliers);
		return "suppliers/list";
	}

	@GetMapping("/suppliers/{supplierId}")
	String supplier(@PathVariable String supplierId, Authentication user, Model model, Locale locale) {
		try {
			model.addAttribute("supplier", JSON.convertValue(
					this.api.get(user, "/admin/fulfillment/suppliers/{id}", supplierId), Supply.Supplier.class));
			model.addAttribute("scorecard",
					JSON.convertValue(this.api.get(user, "/admin/fulfillment/suppliers/{id}/scorecard", supplierId),
							Supply.Scorecard.class));
			model.addAttribute("orders",
					list(this.api.get(user, "/admin/fulfillment/suppliers/{id}/purchase-orders", supplierId),
							Supply.PurchaseOrder.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "suppliers/detail";
	}

	@PostMapping("/suppliers/{supplierId}/purchase-orders")
	String draft(@PathVariable String supplierId, @RequestParam String location, @RequestParam String sku,
			@RequestParam String quantity, @RequestParam(required = false) @Nullable String needBy,
			@RequestParam(required = false) @Nullable String emergency, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		String back = "redirect:" + UriComponentsBuilder.fromPath("/suppliers/{id}").buildAndExpand(supplierId);
		Integer units = number(quantity);
		Instant by;
		try {
			by = (needBy == null || needBy.isBlank()) ? null : endOf(LocalDate.parse(needBy.strip()));
		}
		catch (DateTimeParseException ex) {
			units = null;
			by = null;
		}
		if (units == null || units < 1) {
			redirect.addFlashAttribute("failure", this.messages.getMessage("suppliers.invalidInput", null, locale));
			return back;
		}
		try {
			JsonNode drafted = this.api.send(user, org.springframework.http.HttpMethod.POST,
					"/admin/fulfillment/purchase-orders", new Draft(supplierId, location.strip(), by, emergency != null,
							List.of(new Ordered(sku.strip(), units))));
			String po = drafted.path("purchaseOrderId").asString();
			redirect.addFlashAttribute("notice",
					this.messages.getMessage("suppliers.drafted", new Object[] { po }, locale));
			return "redirect:" + UriComponentsBuilder.fromPath(PO_PAGE).buildAndExpand(po);
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
			return back;
		}
	}

	@GetMapping("/suppliers/purchase-orders/{poId}")
	String purchaseOrder(@PathVariable String poId, Authentication user, Model model, Locale locale) {
		try {
			model.addAttribute("po", JSON.convertValue(
					this.api.get(user, "/admin/fulfillment/purchase-orders/{id}", poId), Supply.PurchaseOrder.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "suppliers/purchase-order";
	}

	@PostMapping("/suppliers/purchase-orders/{poId}/approval")
	String approve(@PathVariable String poId, Authentication user, RedirectAttributes redirect, Locale locale) {
		return act(poId, "approval", null, "suppliers.approved", user, redirect, locale);
	}

	@PostMapping("/suppliers/purchase-orders/{poId}/cancellation")
	String cancel(@PathVariable String poId, Authentication user, RedirectAttributes redirect, Locale locale) {
		return act(poId, "cancellation", null, "suppliers.cancelled", user, redirect, locale);
	}

	/**
	 * The receiving form: per line the SKU, units that arrived, units that passed
	 * inspection and why the rest did not ({@code sku}, {@code received},
	 * {@code accepted}, {@code rejectReason}, repeated in line order).
	 */
	@PostMapping("/suppliers/purchase-orders/{poId}/receipt")
	String receive(@PathVariable String poId, @RequestParam MultiValueMap<String, String> form, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		List<String> skus = form.getOrDefault("sku", List.of());
		List<String> received = form.getOrDefault("received", List.of());
		List<String> accepted = form.getOrDefault("accepted", List.of());
		List<String> reasons = form.getOrDefault("rejectReason", List.of());
		List<Inspected> lines = new ArrayList<>();
		for (int i = 0; i < skus.size(); i++) {
			Integer in = (i < received.size()) ? number(received.get(i)) : null;
			Integer ok = (i < accepted.size()) ? number(accepted.get(i)) : null;
			if (in == null || ok == null) {
				redirect.addFlashAttribute("failure", this.messages.getMessage("suppliers.invalidInput", null, locale));
				return "redirect:" + UriComponentsBuilder.fromPath(PO_PAGE).buildAndExpand(poId);
			}
			String reason = (i < reasons.size() && !reasons.get(i).isBlank()) ? reasons.get(i).strip() : null;
			lines.add(new Inspected(skus.get(i), in, ok, reason));
		}
		return act(poId, "receipt", new Receipt(lines), "suppliers.received", user, redirect, locale);
	}

	private String act(String poId, String action, @Nullable Object body, String done, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		try {
			this.api.send(user, org.springframework.http.HttpMethod.POST,
					"/admin/fulfillment/purchase-orders/{id}/" + action, body, poId);
			redirect.addFlashAttribute("notice", this.messages.getMessage(done, new Object[] { poId }, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return "redirect:" + UriComponentsBuilder.fromPath(PO_PAGE).buildAndExpand(poId);
	}

	// Needed by the end of that day in the business time zone.
	private Instant endOf(LocalDate day) {
		return day.plusDays(1).atStartOfDay(ZoneId.of(this.format.zone())).toInstant();
	}

	private static @Nullable Integer number(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return Integer.valueOf(text.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static <T> List<T> list(JsonNode answer, Class<T> type) {
		return JSON.convertValue(answer, JSON.getTypeFactory().constructCollectionType(List.class, type));
	}

}
