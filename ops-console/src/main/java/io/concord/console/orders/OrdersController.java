package io.concord.console.orders;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import io.concord.console.ConsoleProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.MessageSource;
import org.springframework.format.annotation.DateTimeFormat;
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
 * Orders: {@code /ops/orders} searches (by order id, status, channel, member, placed
 * between two days of the business zone; newest first), {@code /ops/orders/{orderId}}
 * shows one, and its forms post the manual actions of the admin API as the signed-in user
 * (cancellation, allocation, shipment, delivery; a return's receipt or rejection). Each
 * action answers with a redirect to the order and the API's outcome (Post/Redirect/Get).
 */
@Controller
class OrdersController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Result sizes offered; the API takes up to 1000. */
	static final List<Integer> LIMITS = List.of(50, 100, 200);

	/** Each manual action: its path under the order and the notice it leaves. */
	private static final Map<String, String> ACTIONS = Map.of("allocation", "orders.allocated", "shipment",
			"orders.shipped", "delivery", "orders.delivered");

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ZoneId zone;

	private final Clock clock = Clock.systemUTC();

	OrdersController(AdminApi api, MessageSource messages, ConsoleFailures failures, ConsoleProperties properties) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.zone = properties.zone();
	}

	@GetMapping("/orders")
	String search(@RequestParam(required = false) @Nullable String orderId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String channel,
			@RequestParam(required = false) @Nullable String member,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(defaultValue = "50") int limit, Authentication user, Model model, Locale locale) {
		if (present(orderId)) {
			// An order id is a lookup, not a filter: straight to the order.
			return "redirect:" + UriComponentsBuilder.fromPath("/orders/{id}")
				.buildAndExpand(orderId.strip())
				.encode()
				.toUriString();
		}
		int size = LIMITS.contains(limit) ? limit : LIMITS.get(0);
		model.addAttribute("status", status);
		model.addAttribute("channel", channel);
		model.addAttribute("member", member);
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		model.addAttribute("limit", size);
		model.addAttribute("limits", LIMITS);
		model.addAttribute("states", io.concord.console.board.BoardView.ORDER_STATES);
		StringBuilder path = new StringBuilder("/admin/fulfillment/orders?limit={limit}");
		List<Object> values = new ArrayList<>(List.of(size));
		if (present(status)) {
			path.append("&status={status}");
			values.add(status.strip());
		}
		if (present(channel)) {
			path.append("&channel={channel}");
			values.add(channel.strip().toUpperCase(Locale.ROOT));
		}
		if (present(member)) {
			path.append("&memberId={member}");
			values.add(member.strip());
		}
		// Days in the business zone: from the start of "from" to the end of "to".
		if (from != null) {
			path.append("&placedFrom={from}");
			values.add(from.atStartOfDay(this.zone).toInstant().toString());
		}
		if (to != null) {
			path.append("&placedBefore={to}");
			values.add(to.plusDays(1).atStartOfDay(this.zone).toInstant().toString());
		}
		List<OrderSummary> orders = List.of();
		try {
			orders = JSON.convertValue(this.api.get(user, path.toString(), values.toArray()),
					JSON.getTypeFactory().constructCollectionType(List.class, OrderSummary.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		model.addAttribute("orders", orders);
		model.addAttribute("full", orders.size() >= size);
		return "orders/list";
	}

	@GetMapping("/orders/{orderId}")
	String order(@PathVariable String orderId, Authentication user, Model model, Locale locale) {
		model.addAttribute("orderId", orderId);
		try {
			JsonNode answer = this.api.get(user, "/admin/fulfillment/orders/{id}", orderId);
			ObjectNode view = (answer instanceof ObjectNode object) ? object.deepCopy() : JSON.createObjectNode();
			view.set("shipments", this.api.get(user, "/admin/fulfillment/orders/{id}/shipments", orderId));
			OrderDetail detail = JSON.convertValue(view, OrderDetail.class);
			model.addAttribute("detail", detail);
			model.addAttribute("promiseState", detail.promiseState(this.clock.instant()));
			model.addAttribute("causes", OrderDetail.CANCEL_CAUSES);
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "orders/detail";
	}

	@PostMapping("/orders/{orderId}/cancellation")
	String cancel(@PathVariable String orderId, @RequestParam(defaultValue = "OPERATIONS") String cause,
			Authentication user, RedirectAttributes redirect, Locale locale) {
		String code = OrderDetail.CANCEL_CAUSES.contains(cause) ? cause : "OPERATIONS";
		return act(orderId, redirect, locale, "orders.cancelled", () -> this.api.send(user, HttpMethod.POST,
				"/admin/fulfillment/orders/{id}/cancellation", Map.of("cause", code), orderId));
	}

	@PostMapping("/orders/{orderId}/{action:allocation|shipment|delivery}")
	String move(@PathVariable String orderId, @PathVariable String action, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		return act(orderId, redirect, locale, ACTIONS.get(action),
				() -> this.api.post(user, "/admin/fulfillment/orders/{id}/" + action, orderId));
	}

	@PostMapping("/orders/{orderId}/returns/{returnId}/receipt")
	String receiveReturn(@PathVariable String orderId, @PathVariable String returnId, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		return act(orderId, redirect, locale, "orders.returnReceived",
				() -> this.api.post(user, "/admin/fulfillment/returns/{id}/receipt", returnId));
	}

	@PostMapping("/orders/{orderId}/returns/{returnId}/rejection")
	String rejectReturn(@PathVariable String orderId, @PathVariable String returnId,
			@RequestParam(defaultValue = "") String reason, Authentication user, RedirectAttributes redirect,
			Locale locale) {
		// A blank reason goes to the API as it is: its 400 says what is missing.
		return act(orderId, redirect, locale, "orders.returnRejected", () -> this.api.send(user, HttpMethod.POST,
				"/admin/fulfillment/returns/{id}/rejection", Map.of("reason", reason.strip()), returnId));
	}

	private String act(String orderId, RedirectAttributes redirect, Locale locale, String done, Runnable call) {
		try {
			call.run();
			redirect.addFlashAttribute("notice", this.messages.getMessage(done, new Object[] { orderId }, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return "redirect:"
				+ UriComponentsBuilder.fromPath("/orders/{id}").buildAndExpand(orderId).encode().toUriString();
	}

	private static boolean present(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
