package io.concord.fulfillment.supply;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.concord.fulfillment.supply.PurchaseOrderStatus.Action;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.SignedWebhooks;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A purchase order's life ({@link PurchaseOrderStatus}): DRAFT (by hand or from a
 * replenishment suggestion) -> APPROVED (sent to the supplier on its topic) -> CONFIRMED
 * (by the supplier) -> SHIPPED (its advance shipping notice) -> RECEIVED (inspected;
 * accepted units enter stock) -> SETTLED at once ({@link Settlements}). Dropship orders
 * ({@link Dropship}) are sent at once and received when the carrier delivers to the
 * shopper. Owns {@code purchase_order} and {@code purchase_order_line} with
 * {@link Dropship}.
 */
@Component
public class PurchaseOrders {

	public record Line(String sku, int quantity, long unitPriceMinor, @Nullable Integer confirmedQuantity,
			@Nullable Long confirmedPriceMinor, @Nullable Integer asnQuantity, @Nullable Integer receivedQuantity,
			@Nullable Integer acceptedQuantity, @Nullable Integer rejectedQuantity, @Nullable String rejectReason) {
	}

	public record PurchaseOrder(String purchaseOrderId, String supplierId, String location, String status,
			String currency, Instant needBy, boolean emergency, String origin, @Nullable Instant approvedAt,
			@Nullable Instant confirmedAt, @Nullable Instant receivedAt, List<Line> lines,
			@Nullable Settlement settlement) {
	}

	public record Settlement(long acceptedValueMinor, long latePenaltyMinor, long shortPenaltyMinor,
			long defectPenaltyMinor, long payableMinor, int daysLate, Instant settledAt) {
	}

	public record Ordered(String sku, int quantity) {
	}

	/** A supplier's confirmation of a line, with the price it will charge. */
	public record Confirmed(String sku, int quantity, long unitPriceMinor) {
	}

	/** What inspection found for a line. */
	public record Inspected(String sku, int received, int accepted, @Nullable String rejectReason) {
	}

	// A shipping notice's arrival date: a late notice may name a day just past; more than
	// a year ahead is a typo.
	private static final Duration EXPECTED_AT_PAST = Duration.ofDays(7);

	private static final Duration EXPECTED_AT_FUTURE = Duration.ofDays(366);

	private final JdbcClient jdbc;

	private final Suppliers suppliers;

	private final Scorecards scorecards;

	private final Settlements settlements;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PurchaseOrders(JdbcTemplate jdbc, Suppliers suppliers, Scorecards scorecards, Settlements settlements,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.suppliers = suppliers;
		this.scorecards = scorecards;
		this.settlements = settlements;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Drafts an order at contract prices; without a supplier, the best-graded one with a
	 * contract for the first SKU. A suggestion id makes it idempotent.
	 */
	@Transactional
	public PurchaseOrder draft(@Nullable String supplierId, String location, @Nullable Instant needBy,
			boolean emergency, List<Ordered> lines, @Nullable String suggestionId) {
		refuseTestRun();
		if (suggestionId != null) {
			String existing = this.jdbc.sql("select po_id from purchase_order where suggestion_id = ?")
				.params(suggestionId)
				.query(String.class)
				.optional()
				.orElse(null);
			if (existing != null) {
				return find(existing);
			}
		}
		String supplier = (supplierId != null) ? supplierId
				: this.suppliers.preferredFor(lines.get(0).sku())
					.orElseThrow(() -> new ProblemException.Unprocessable(ProblemTypes.of("no-supplier"), "No supplier",
							"No supplier has a contract for " + lines.get(0).sku()));
		this.suppliers.find(supplier);
		List<Suppliers.Contract> contracts = new ArrayList<>();
		for (Ordered line : lines) {
			contracts.add(
					this.suppliers.contract(supplier, line.sku())
						.orElseThrow(() -> new ProblemException.Unprocessable(ProblemTypes.of("no-contract"),
								"No contract", "Supplier " + supplier + " has no contract for " + line.sku())
							.with("sku", line.sku())));
		}
		if (contracts.stream().map(Suppliers.Contract::currency).distinct().count() > 1) {
			throw new ProblemException.Unprocessable("A purchase order is in one currency");
		}
		Instant now = this.clock.instant();
		int leadDays = contracts.stream().mapToInt(Suppliers.Contract::leadTimeDays).max().orElse(1);
		Instant due = (needBy != null) ? needBy : now.plus(Duration.ofDays(leadDays));
		String poId = newId();
		this.jdbc.sql("""
				insert into purchase_order (po_id, supplier_id, location, status, currency, need_by, emergency, origin,
				  suggestion_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(poId, supplier, location, PurchaseOrderStatus.DRAFT.name(), contracts.get(0).currency(),
					Timestamp.from(due), emergency, (suggestionId != null) ? "REPLENISHMENT" : "MANUAL", suggestionId,
					Timestamp.from(now))
			.update();
		for (int i = 0; i < lines.size(); i++) {
			this.jdbc
				.sql("""
						insert into purchase_order_line (po_id, sku, quantity, unit_price_minor) values (?, ?, ?, ?)
						on conflict (po_id, sku) do update set quantity = purchase_order_line.quantity + excluded.quantity""")
				.params(poId, lines.get(i).sku(), lines.get(i).quantity(), contracts.get(i).unitPriceMinor())
				.update();
		}
		return find(poId);
	}

	/**
	 * A load-test run orders nothing from suppliers (ADR-25): a purchase order reaches a
	 * real supplier, so shadow traffic gets 422 {@code test-run-purchase-order}.
	 */
	static void refuseTestRun() {
		if (TestRun.active()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("test-run-purchase-order"),
					"No purchase orders in a test run", "Shadow traffic (test run " + TestRun.current()
							+ ") sends no purchase order: it would reach a real supplier.");
		}
	}

	/** Ops approve: the order goes to the supplier (PurchaseOrderSent). */
	@Transactional
	public PurchaseOrder approve(String poId) {
		PurchaseOrder order = move(find(poId), Action.APPROVE);
		Instant now = this.clock.instant();
		this.events.publishEvent(new SupplyEvents.PurchaseOrderSent(EventMetadata.of(poId, version(poId), now), poId,
				order.supplierId(), order.location(), order.currency(),
				order.lines()
					.stream()
					.map((l) -> new SupplyEvents.Line(l.sku(), l.quantity(), l.unitPriceMinor()))
					.toList(),
				order.needBy(), order.emergency(), now, null, null, null));
		return order;
	}

	/**
	 * The carrier delivered a dropship order's parcel to the shopper: it is received in
	 * full (there is nothing to inspect here; the shopper's return is the quality check)
	 * and settled, without entering any stock.
	 */
	void deliveredToShopper(String poId) {
		this.jdbc.sql("""
				update purchase_order_line set received_quantity = quantity, accepted_quantity = quantity,
				  rejected_quantity = 0 where po_id = ?""").params(poId).update();
		PurchaseOrder received = move(find(poId), Action.DELIVER_TO_SHOPPER);
		settle(received);
		this.scorecards.regrade(received.supplierId());
	}

	@Transactional
	public PurchaseOrder cancel(String poId) {
		return move(find(poId), Action.CANCEL);
	}

	/** The supplier confirms what it will deliver and at what price. */
	@Transactional
	public PurchaseOrder confirm(String supplierId, String poId, List<Confirmed> lines) {
		onTheOrder(owned(supplierId, poId), lines.stream().map(Confirmed::sku).toList());
		for (Confirmed line : lines) {
			this.jdbc.sql("""
					update purchase_order_line set confirmed_quantity = ?, confirmed_price_minor = ?
					where po_id = ? and sku = ?""")
				.params(line.quantity(), line.unitPriceMinor(), poId, line.sku())
				.update();
		}
		return move(find(poId), Action.CONFIRM);
	}

	/**
	 * The supplier's advance shipping notice: what is on its way, and when it should
	 * arrive.
	 */
	@Transactional
	public PurchaseOrder announce(String supplierId, String poId, String reference, @Nullable Instant expectedAt,
			List<Ordered> lines) {
		onTheOrder(owned(supplierId, poId), lines.stream().map(Ordered::sku).toList());
		Instant now = this.clock.instant();
		if (expectedAt != null && (expectedAt.isBefore(now.minus(EXPECTED_AT_PAST))
				|| expectedAt.isAfter(now.plus(EXPECTED_AT_FUTURE)))) {
			throw SignedWebhooks.invalid("The shipping notice's arrival date is not plausible",
					List.of(Map.of("field", "expectedAt", "message", "must be within " + EXPECTED_AT_PAST.toDays()
							+ " days before and " + EXPECTED_AT_FUTURE.toDays() + " days after now")));
		}
		for (Ordered line : lines) {
			this.jdbc.sql("update purchase_order_line set asn_quantity = ? where po_id = ? and sku = ?")
				.params(line.quantity(), poId, line.sku())
				.update();
		}
		this.jdbc.sql("update purchase_order set asn_reference = ?, expected_at = ? where po_id = ?")
			.params(reference, (expectedAt != null) ? Timestamp.from(expectedAt) : null, poId)
			.update();
		return move(find(poId), Action.ANNOUNCE);
	}

	/**
	 * The delivery arrived and was inspected: accepted units enter stock (GoodsReceived),
	 * the payable is settled at once from the contract, and the supplier is graded again.
	 */
	@Transactional
	public PurchaseOrder receive(String poId, List<Inspected> inspected) {
		PurchaseOrder order = find(poId);
		if (state(order).after(Action.RECEIVE).isEmpty()) {
			throw conflict(order, Action.RECEIVE);
		}
		Map<String, Line> lines = order.lines().stream().collect(Collectors.toMap(Line::sku, Function.identity()));
		for (Inspected line : inspected) {
			if (!lines.containsKey(line.sku()) || line.accepted() > line.received() || line.received() < 0
					|| line.accepted() < 0) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("invalid-receipt"), "Invalid receipt",
						"Line " + line.sku() + ": accepted units must be within the received ones, on an ordered SKU")
					.with("sku", line.sku());
			}
			this.jdbc.sql("""
					update purchase_order_line set received_quantity = ?, accepted_quantity = ?, rejected_quantity = ?,
					  reject_reason = ? where po_id = ? and sku = ?""")
				.params(line.received(), line.accepted(), line.received() - line.accepted(), line.rejectReason(), poId,
						line.sku())
				.update();
		}
		// Lines nobody counted arrived with nothing.
		this.jdbc.sql("""
				update purchase_order_line set received_quantity = 0, accepted_quantity = 0, rejected_quantity = 0
				where po_id = ? and received_quantity is null""").params(poId).update();
		PurchaseOrder received = move(find(poId), Action.RECEIVE);
		Instant now = this.clock.instant();
		List<GoodsReceived.Line> accepted = received.lines()
			.stream()
			.filter((l) -> l.acceptedQuantity() != null && l.acceptedQuantity() > 0)
			.map((l) -> new GoodsReceived.Line(l.sku(), l.acceptedQuantity()))
			.toList();
		if (!accepted.isEmpty()) {
			this.events.publishEvent(new GoodsReceived(EventMetadata.of(poId, version(poId), now), poId, poId,
					order.supplierId(), order.location(), accepted, "PURCHASE_ORDER", now));
		}
		settle(received);
		this.scorecards.regrade(order.supplierId());
		return find(poId);
	}

	// Received goods are settled at once, from the contract.
	private void settle(PurchaseOrder received) {
		move(received, Action.SETTLE);
		this.settlements.settle(received, version(received.purchaseOrderId()));
	}

	public PurchaseOrder find(String poId) {
		return this.jdbc.sql("select * from purchase_order where po_id = ?")
			.params(poId)
			.query((rs, n) -> new PurchaseOrder(rs.getString("po_id"), rs.getString("supplier_id"),
					rs.getString("location"), rs.getString("status"), rs.getString("currency"),
					rs.getTimestamp("need_by").toInstant(), rs.getBoolean("emergency"), rs.getString("origin"),
					instant(rs.getTimestamp("approved_at")), instant(rs.getTimestamp("confirmed_at")),
					instant(rs.getTimestamp("received_at")), lines(poId), this.settlements.of(poId).orElse(null)))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Purchase order", poId));
	}

	public List<PurchaseOrder> ofSupplier(String supplierId) {
		return this.jdbc
			.sql("select po_id from purchase_order where supplier_id = ? order by created_at desc limit 200")
			.params(supplierId)
			.query(String.class)
			.list()
			.stream()
			.map(this::find)
			.toList();
	}

	long version(String poId) {
		return this.jdbc.sql("select version from purchase_order where po_id = ?")
			.params(poId)
			.query(Long.class)
			.single();
	}

	private PurchaseOrder owned(String supplierId, String poId) {
		PurchaseOrder order = find(poId);
		if (!order.supplierId().equals(supplierId)) {
			throw new ProblemException.NotFound("Purchase order", poId);
		}
		return order;
	}

	// A supplier's lines name SKUs of the order, each once: anything else would be
	// dropped or applied twice without a word.
	private static void onTheOrder(PurchaseOrder order, List<String> skus) {
		Set<String> ordered = order.lines().stream().map(Line::sku).collect(Collectors.toSet());
		Set<String> seen = new HashSet<>();
		List<Map<String, Object>> errors = new ArrayList<>();
		for (int i = 0; i < skus.size(); i++) {
			if (!ordered.contains(skus.get(i))) {
				errors.add(Map.of("field", "lines[" + i + "].sku", "message", "is not on the purchase order"));
			}
			else if (!seen.add(skus.get(i))) {
				errors.add(Map.of("field", "lines[" + i + "].sku", "message", "appears more than once"));
			}
		}
		if (!errors.isEmpty()) {
			throw SignedWebhooks.invalid("The lines do not match purchase order " + order.purchaseOrderId(), errors);
		}
	}

	/**
	 * Moves the order by the {@link PurchaseOrderStatus} table, or refuses with 409
	 * {@code invalid-transition}; the status it moves from is checked again in the
	 * update, so a concurrent move cannot be overwritten.
	 */
	private PurchaseOrder move(PurchaseOrder order, Action action) {
		PurchaseOrderStatus from = state(order);
		PurchaseOrderStatus to = from.after(action).orElseThrow(() -> conflict(order, action));
		String reachedAt = switch (to) {
			case APPROVED -> ", approved_at = now()";
			case CONFIRMED -> ", confirmed_at = now()";
			case SHIPPED -> ", shipped_at = now()";
			case RECEIVED -> ", received_at = now()";
			case DRAFT, SETTLED, CANCELLED -> "";
		};
		int moved = this.jdbc
			.sql("update purchase_order set status = ?, version = version + 1" + reachedAt
					+ " where po_id = ? and status = ?")
			.params(to.name(), order.purchaseOrderId(), from.name())
			.update();
		if (moved == 0) {
			throw conflict(find(order.purchaseOrderId()), action);
		}
		return find(order.purchaseOrderId());
	}

	private static PurchaseOrderStatus state(PurchaseOrder order) {
		return PurchaseOrderStatus.valueOf(order.status());
	}

	private static ProblemException conflict(PurchaseOrder order, Action action) {
		return new ProblemException.Conflict(ProblemTypes.of("invalid-transition"), "Invalid transition",
				"Purchase order " + order.purchaseOrderId() + " is " + order.status() + "; it cannot be "
						+ action.verb())
			.with("status", order.status());
	}

	static String newId() {
		return "PO-" + UUID.randomUUID().toString().substring(0, 13);
	}

	private List<Line> lines(String poId) {
		return this.jdbc.sql("select * from purchase_order_line where po_id = ? order by sku")
			.params(poId)
			.query((rs, n) -> new Line(rs.getString("sku"), rs.getInt("quantity"), rs.getLong("unit_price_minor"),
					(Integer) rs.getObject("confirmed_quantity"), (Long) rs.getObject("confirmed_price_minor"),
					(Integer) rs.getObject("asn_quantity"), (Integer) rs.getObject("received_quantity"),
					(Integer) rs.getObject("accepted_quantity"), (Integer) rs.getObject("rejected_quantity"),
					rs.getString("reject_reason")))
			.list();
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
