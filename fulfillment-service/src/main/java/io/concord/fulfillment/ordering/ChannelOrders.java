package io.concord.fulfillment.ordering;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.concord.fulfillment.partners.PartnerUnavailable;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Orders sold on an external platform (a connector's), placed through the same saga as a
 * checkout: stock reserved against the connector's channel, lines at the platform's
 * prices (its promotions as it priced them: no Concord promotion, coupon or points), and
 * then the payment the platform captured recorded like a provider's, which makes the
 * order PAID (stock confirmed, promises set, allocated) as any paid order. Each platform
 * order is one order: its checkout key is derived from the connector and the platform's
 * order id, so a repeat at any point finds it. Cancellations and returns go the usual way
 * (stock released or booked back); the money goes back to the buyer through the platform,
 * and Concord records it as refunded like any order's.
 */
@NamedInterface("channel-orders")
@Component
public class ChannelOrders {

	/**
	 * A platform's order, its SKUs already Concord's.
	 *
	 * @param buyer the member id it is placed under (a linked member, or the connector's
	 * stable buyer id)
	 * @param generation 0, raised when ops retry an order whose earlier placement was
	 * refused (that one holds nothing, so the retry is a new checkout)
	 * @param paidMinor what the buyer paid the platform for the whole order: the lines'
	 * nets plus shipping
	 */
	@NamedInterface("channel-orders")
	public record ChannelOrder(String connectorId, String platformOrderId, int generation, String channel, UUID buyer,
			List<ChannelLine> lines, long paidMinor, String currency, JsonNode shippingAddress, @Nullable String region,
			Duration dispatchWithin) {
	}

	/**
	 * A line at the platform's price: {@code unitPriceMinor × quantity - discountMinor}.
	 */
	@NamedInterface("channel-orders")
	public record ChannelLine(String sku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	/** What became of a placement. */
	@NamedInterface("channel-orders")
	public sealed interface Placement {

	}

	/** Placed and paid: {@code status} PAID or ALLOCATED (or later, on a repeat). */
	@NamedInterface("channel-orders")
	public record Placed(String orderId, String status) implements Placement {
	}

	/**
	 * Refused: {@code type} the problem type (e.g. .../insufficient-stock), the problem
	 * as answered (shortLines for stock).
	 */
	@NamedInterface("channel-orders")
	public record Refused(@Nullable String orderId, String type, String detail, JsonNode problem) implements Placement {
	}

	/** A partner is down: the placement resumes on a repeat. */
	@NamedInterface("channel-orders")
	public record Unavailable(@Nullable String orderId, String detail) implements Placement {
	}

	/** An order's state as a connector sees it. */
	@NamedInterface("channel-orders")
	public record ChannelOrderState(String orderId, String status, boolean shipped, boolean cancellable) {
	}

	private final OrderPlacement placement;

	private final Payments payments;

	private final Orders orders;

	private final OrderLifecycle lifecycle;

	private final OrderReturns returns;

	private final Partners partners;

	ChannelOrders(OrderPlacement placement, Payments payments, Orders orders, OrderLifecycle lifecycle,
			OrderReturns returns, Partners partners) {
		this.partners = partners;
		this.placement = placement;
		this.payments = payments;
		this.orders = orders;
		this.lifecycle = lifecycle;
		this.returns = returns;
	}

	/**
	 * The payment provider a connector's captured payments are recorded under:
	 * {@code channel:<connectorId>}, shortened with a hash of the id to the 64 characters
	 * OrderPaid's provider allows.
	 */
	public static String provider(String connectorId) {
		String provider = "channel:" + connectorId;
		if (provider.length() <= 64) {
			return provider;
		}
		return provider.substring(0, 55) + "~" + String.format("%08x", connectorId.hashCode());
	}

	/** The member id of a connector's buyers who are not linked members: stable. */
	public static UUID buyerOf(String connectorId) {
		return UUID.nameUUIDFromBytes(
				("concord:connector-buyer:" + connectorId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * The member id a platform order is placed under: the member holding the platform's
	 * buyer id as a proven {@code MARKETPLACE_BUYER} identity in the namespace of the
	 * connector's channel lower-cased (channel {@code TMALL}: namespace {@code tmall}),
	 * so a linked buyer's order is in their history and earns points on delivery like any
	 * of theirs (points never pay for it: the platform was paid); otherwise (no buyer id,
	 * not a member's, or member-service not answering: the order is never held for it)
	 * the connector's stable {@link #buyerOf(String) buyer id}. Decide it once per
	 * platform order, before placing it, and keep it: a repeat must use the same buyer.
	 */
	public UUID buyerOf(String connectorId, String channel, @Nullable String platformBuyerId) {
		if (platformBuyerId == null || platformBuyerId.isBlank()) {
			return buyerOf(connectorId);
		}
		return this.partners
			.memberOfIdentity("MARKETPLACE_BUYER", channel.toLowerCase(java.util.Locale.ROOT), platformBuyerId)
			.orElseGet(() -> buyerOf(connectorId));
	}

	/**
	 * Places and pays the platform's order once; a repeat answers the same order.
	 */
	public Placement place(ChannelOrder order) {
		Map<String, OrderPlacement.PlatformPricedLine> lines = new LinkedHashMap<>();
		long nets = 0;
		for (ChannelLine line : order.lines()) {
			if (line.quantity() < 1 || line.unitPriceMinor() < 0 || line.discountMinor() < 0
					|| line.discountMinor() > Math.multiplyExact(line.unitPriceMinor(), line.quantity())) {
				return invalid(
						"A line is at least one unit, priced at zero or more, discounted at most its gross: " + line);
			}
			OrderPlacement.PlatformPricedLine merged = lines.get(line.sku());
			if (merged != null && merged.unitPriceMinor() != line.unitPriceMinor()) {
				return invalid("SKU " + line.sku() + " is sold at two unit prices in one order");
			}
			lines.put(line.sku(),
					(merged == null)
							? new OrderPlacement.PlatformPricedLine(line.sku(), line.quantity(), line.unitPriceMinor(),
									line.discountMinor())
							: new OrderPlacement.PlatformPricedLine(line.sku(),
									Math.addExact(merged.quantity(), line.quantity()), line.unitPriceMinor(),
									Math.addExact(merged.discountMinor(), line.discountMinor())));
			nets = Math.addExact(nets, Math.subtractExact(Math.multiplyExact(line.unitPriceMinor(), line.quantity()),
					line.discountMinor()));
		}
		if (lines.isEmpty() || order.paidMinor() < nets) {
			return invalid("The buyer paid " + order.paidMinor() + ", less than the lines' nets " + nets);
		}
		String checkoutKey = "connector:" + order.connectorId() + ":" + order.platformOrderId()
				+ ((order.generation() > 0) ? "#" + order.generation() : "");
		Orders.Order placed;
		try {
			placed = this.placement.placePlatformPriced(order.buyer(), checkoutKey,
					new OrderPlacement.PlatformPriced(order.channel(), List.copyOf(lines.values()),
							order.paidMinor() - nets, order.currency(), order.shippingAddress(), order.region(),
							order.dispatchWithin()));
		}
		catch (PartnerUnavailable outage) {
			return new Unavailable(null, outage.getMessage());
		}
		catch (ProblemException refused) {
			if (refused.type().equals(io.concord.platform.web.ProblemTypes.IDEMPOTENCY_KEY_IN_FLIGHT)) {
				return new Unavailable(null, "still being placed elsewhere");
			}
			return refusal(refused);
		}
		if (placed.status() == OrderStatus.PENDING_PAYMENT) {
			// The platform captured the money: recorded like a provider's callback, once
			// per platform order id.
			Payments.Outcome paid = this.payments.apply(provider(order.connectorId()), new Payments.Callback(
					order.platformOrderId(), placed.orderId(), placed.payableMinor(), placed.currency(), "SUCCEEDED"));
			if (!paid.outcome().equals("APPLIED")) {
				return new Refused(placed.orderId(), "about:blank",
						"The platform's payment could not be applied: " + paid.outcome(),
						tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
							.put("outcome", paid.outcome()));
			}
			placed = this.orders.get(placed.orderId());
		}
		return new Placed(placed.orderId(), placed.status().name());
	}

	public Optional<ChannelOrderState> find(String orderId) {
		return this.orders.find(orderId)
			.map((o) -> new ChannelOrderState(o.orderId(), o.status().name(), o.shippedAt() != null,
					o.status().cancellable()));
	}

	/**
	 * Cancels the order before shipment (stock released through OrderCancelled); the
	 * state it is in afterwards.
	 */
	public ChannelOrderState cancel(String orderId, String cause) {
		this.lifecycle.cancel(orderId, null, cause);
		return find(orderId).orElseThrow();
	}

	/**
	 * Opens a return for the units (ops receive it as any return); its id. Refused (a
	 * ProblemException) if the order cannot be returned now.
	 */
	public String requestReturn(String orderId, Map<String, Integer> units, @Nullable String reason) {
		Orders.Order order = this.orders.get(orderId);
		List<OrderReturns.ReturnLine> lines = (units.isEmpty())
				? order.lines()
					.stream()
					.filter((l) -> l.quantity() > l.returnedQuantity())
					.map((l) -> new OrderReturns.ReturnLine(l.sku(), l.quantity() - l.returnedQuantity()))
					.toList()
				: units.entrySet().stream().map((e) -> new OrderReturns.ReturnLine(e.getKey(), e.getValue())).toList();
		return this.returns.requestReturn(order.memberId(), orderId, lines, reason).returnId();
	}

	private static Refused invalid(String detail) {
		return new Refused(null, io.concord.platform.web.ProblemTypes.of("invalid-platform-order").toString(), detail,
				tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("detail", detail));
	}

	private static Refused refusal(ProblemException refused) {
		tools.jackson.databind.node.ObjectNode problem = tools.jackson.databind.node.JsonNodeFactory.instance
			.objectNode();
		String type = refused.type().toString();
		String detail = (refused.getMessage() != null) ? refused.getMessage() : "refused";
		problem.put("type", type).put("detail", detail);
		Map<String, Object> properties = refused.toProblemDetail().getProperties();
		String orderId = null;
		if (properties != null) {
			properties.forEach((k, v) -> problem.putPOJO(k, v));
			orderId = (properties.get("orderId") != null) ? properties.get("orderId").toString() : null;
		}
		return new Refused(orderId, type, detail, problem);
	}

}
