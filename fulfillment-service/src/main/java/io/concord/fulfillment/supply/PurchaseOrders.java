package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.math.RoundingMode;
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

import io.concord.fulfillment.encryption.FieldEncryption;
import io.concord.fulfillment.encryption.SealedColumn;
import io.concord.fulfillment.shipping.ShipmentEvents;
import io.concord.fulfillment.shipping.Source;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.SignedWebhooks;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A purchase order's life: DRAFT (by hand or from a replenishment suggestion) -> APPROVED
 * (sent to the supplier on its topic) -> CONFIRMED (by the supplier) -> SHIPPED (its
 * advance shipping notice) -> RECEIVED (inspected; accepted units enter stock) -> SETTLED
 * at once from the contract, penalties for lateness, shortage and defects included.
 * Dropship orders are sent at once and settled when the carrier delivers to the shopper.
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

	/**
	 * Where a dropship parcel goes: what its label needs and nothing else about the
	 * shopper.
	 */
	public record ShipTo(@Nullable String name, @Nullable String phone, @Nullable String region, @Nullable String city,
			@Nullable String line1, @Nullable String postalCode) {

		/** Stands in for erased personal data. */
		public static final String ERASED = "[erased]";

		/**
		 * Without the shopper's name, phone, street and postal code; the region and city
		 * stay for the reports.
		 */
		public ShipTo erased() {
			return new ShipTo(erase(this.name), erase(this.phone), this.region, this.city, erase(this.line1),
					erase(this.postalCode));
		}

		private static @Nullable String erase(@Nullable String value) {
			return (value != null) ? ERASED : null;
		}

	}

	static final SealedColumn SHIP_TO = new SealedColumn("purchase_order", "po_id", "ship_to",
			"purchase-order.ship-to");

	// A shipping notice's arrival date: a late notice may name a day just past; more than
	// a year ahead is a typo.
	private static final Duration EXPECTED_AT_PAST = Duration.ofDays(7);

	private static final Duration EXPECTED_AT_FUTURE = Duration.ofDays(366);

	private final JdbcClient jdbc;

	private final Suppliers suppliers;

	private final Scorecards scorecards;

	private final ApplicationEventPublisher events;

	private final FieldEncryption encryption;

	private final JsonMapper json;

	private final Clock clock;

	PurchaseOrders(JdbcTemplate jdbc, Suppliers suppliers, Scorecards scorecards, ApplicationEventPublisher events,
			FieldEncryption encryption, JsonMapper json, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.suppliers = suppliers;
		this.scorecards = scorecards;
		this.events = events;
		this.encryption = encryption;
		this.json = json;
		this.clock = clock;
	}

	@Bean
	static SealedColumn dropshipAddresses() {
		return SHIP_TO;
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
		String poId = "PO-" + UUID.randomUUID().toString().substring(0, 13);
		this.jdbc.sql("""
				insert into purchase_order (po_id, supplier_id, location, status, currency, need_by, emergency, origin,
				  suggestion_id, created_at) values (?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?)""")
			.params(poId, supplier, location, contracts.get(0).currency(), Timestamp.from(due), emergency,
					(suggestionId != null) ? "REPLENISHMENT" : "MANUAL", suggestionId, Timestamp.from(now))
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
	private static void refuseTestRun() {
		if (TestRun.active()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("test-run-purchase-order"),
					"No purchase orders in a test run", "Shadow traffic (test run " + TestRun.current()
							+ ") sends no purchase order: it would reach a real supplier.");
		}
	}

	/** Ops approve: the order goes to the supplier (PurchaseOrderSent). */
	@Transactional
	public PurchaseOrder approve(String poId) {
		PurchaseOrder order = move(poId, "DRAFT", "APPROVED", "approved_at");
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
	 * A shopper's order has dropship lines: the supplier gets its own purchase order,
	 * sent at once, to ship them to the shopper with the parcel's carrier label. Once per
	 * order and supplier. The address is kept sealed until the shopper's erasure.
	 */
	@Transactional
	public PurchaseOrder dropship(String customerOrderId, String supplierId, ShipTo shipTo,
			@Nullable String trackingNumber, Instant needBy, List<Ordered> lines) {
		refuseTestRun();
		String existing = this.jdbc
			.sql("select po_id from purchase_order where customer_order_id = ? and supplier_id = ?")
			.params(customerOrderId, supplierId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (existing != null) {
			return find(existing);
		}
		this.suppliers.find(supplierId);
		Instant now = this.clock.instant();
		String currency = "CNY";
		List<Long> prices = new ArrayList<>();
		for (Ordered line : lines) {
			Suppliers.Contract contract = this.suppliers.contract(supplierId, line.sku()).orElse(null);
			// Without a contract the order still goes out (the shopper paid); ops price
			// it.
			prices.add((contract != null) ? contract.unitPriceMinor() : 0L);
			currency = (contract != null) ? contract.currency() : currency;
		}
		String poId = "PO-" + UUID.randomUUID().toString().substring(0, 13);
		this.jdbc.sql("""
				insert into purchase_order (po_id, supplier_id, location, status, currency, need_by, emergency, origin,
				  customer_order_id, ship_to, tracking_number, created_at, approved_at)
				values (?, ?, 'CUSTOMER', 'APPROVED', ?, ?, false, 'DROPSHIP', ?, ?, ?, ?, ?)""")
			.params(poId, supplierId, currency, Timestamp.from(needBy), customerOrderId,
					this.encryption.seal(this.json.writeValueAsString(shipTo), SHIP_TO.contextOf(poId)), trackingNumber,
					Timestamp.from(now), Timestamp.from(now))
			.update();
		for (int i = 0; i < lines.size(); i++) {
			this.jdbc
				.sql("insert into purchase_order_line (po_id, sku, quantity, unit_price_minor) values (?, ?, ?, ?)")
				.params(poId, lines.get(i).sku(), lines.get(i).quantity(), prices.get(i))
				.update();
		}
		PurchaseOrder order = find(poId);
		this.events.publishEvent(new SupplyEvents.PurchaseOrderSent(EventMetadata.of(poId, version(poId), now), poId,
				supplierId, order.location(), order.currency(),
				order.lines()
					.stream()
					.map((l) -> new SupplyEvents.Line(l.sku(), l.quantity(), l.unitPriceMinor()))
					.toList(),
				needBy, false, now, customerOrderId, shipTo, trackingNumber));
		return order;
	}

	/**
	 * The shopper was forgotten and their order needs its address no more: the dropship
	 * purchase orders for it keep the region and city only.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void eraseShipTo(String customerOrderId) {
		this.jdbc
			.sql("select po_id, ship_to from purchase_order where customer_order_id = ? and ship_to is not null "
					+ "order by po_id for update")
			.params(customerOrderId)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list()
			.forEach((row) -> {
				String context = SHIP_TO.contextOf(row[0]);
				ShipTo erased = this.json.readValue(this.encryption.open(row[1], context), ShipTo.class).erased();
				this.jdbc.sql("update purchase_order set ship_to = ? where po_id = ?")
					.params(this.encryption.seal(this.json.writeValueAsString(erased), context), row[0])
					.update();
			});
	}

	/**
	 * The carrier delivered a dropship parcel to the shopper: its purchase order is
	 * received in full (there is nothing to inspect here; the shopper's return is the
	 * quality check) and settled, without entering any stock.
	 */
	@EventListener
	void dropshipDelivered(ShipmentEvents.ParcelDelivered delivered) {
		if (!(delivered.source() instanceof Source.Supplier supplier)) {
			return;
		}
		String supplierId = supplier.supplierId();
		this.jdbc.sql("""
				select po_id from purchase_order where customer_order_id = ? and supplier_id = ?
				  and status in ('APPROVED', 'CONFIRMED', 'SHIPPED')""")
			.params(delivered.orderId(), supplierId)
			.query(String.class)
			.optional()
			.ifPresent((poId) -> {
				this.jdbc.sql("""
						update purchase_order_line set received_quantity = quantity, accepted_quantity = quantity,
						  rejected_quantity = 0 where po_id = ?""").params(poId).update();
				PurchaseOrder order = find(poId);
				settle(move(poId, order.status(), "RECEIVED", "received_at"));
				this.scorecards.regrade(supplierId);
			});
	}

	@Transactional
	public PurchaseOrder cancel(String poId) {
		PurchaseOrder order = find(poId);
		if (!List.of("DRAFT", "APPROVED", "CONFIRMED").contains(order.status())) {
			throw conflict(order, "cancel");
		}
		return move(poId, order.status(), "CANCELLED", null);
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
		return move(poId, "APPROVED", "CONFIRMED", "confirmed_at");
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
		return move(poId, "CONFIRMED", "SHIPPED", "shipped_at");
	}

	/**
	 * The delivery arrived and was inspected: accepted units enter stock (GoodsReceived),
	 * the payable is settled at once from the contract, and the supplier is graded again.
	 */
	@Transactional
	public PurchaseOrder receive(String poId, List<Inspected> inspected) {
		PurchaseOrder order = find(poId);
		if (!List.of("CONFIRMED", "SHIPPED").contains(order.status())) {
			throw conflict(order, "receive");
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
		PurchaseOrder received = move(poId, order.status(), "RECEIVED", "received_at");
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

	private void settle(PurchaseOrder order) {
		Instant now = this.clock.instant();
		long daysLate = Math.max(0,
				(long) Math.ceil(Duration.between(order.needBy(), order.receivedAt()).toMinutes() / (24.0 * 60)));
		long value = 0;
		long late = 0;
		long shortage = 0;
		long defects = 0;
		for (Line line : order.lines()) {
			long acceptedValue = line.acceptedQuantity() * line.unitPriceMinor();
			value += acceptedValue;
			Suppliers.Contract contract = this.suppliers.contract(order.supplierId(), line.sku()).orElse(null);
			if (contract == null) {
				continue;
			}
			BigDecimal latePercent = contract.latePenaltyPercentPerDay()
				.multiply(BigDecimal.valueOf(daysLate))
				.min(contract.maxLatePenaltyPercent());
			late += percent(acceptedValue, latePercent);
			shortage += percent((long) Math.max(0, line.quantity() - line.receivedQuantity()) * line.unitPriceMinor(),
					contract.shortPenaltyPercent());
			defects += percent((long) line.rejectedQuantity() * line.unitPriceMinor(), contract.defectPenaltyPercent());
		}
		long payable = Math.max(0, value - late - shortage - defects);
		this.jdbc.sql("""
				insert into supplier_settlement (po_id, supplier_id, currency, accepted_value_minor, late_penalty_minor,
				  short_penalty_minor, defect_penalty_minor, payable_minor, days_late, settled_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(order.purchaseOrderId(), order.supplierId(), order.currency(), value, late, shortage, defects,
					payable, daysLate, Timestamp.from(now))
			.update();
		move(order.purchaseOrderId(), "RECEIVED", "SETTLED", null);
		this.events.publishEvent(new SupplyEvents.PurchaseOrderSettled(
				EventMetadata.of(order.purchaseOrderId(), version(order.purchaseOrderId()), now),
				order.purchaseOrderId(), order.supplierId(), order.currency(), value, late, shortage, defects, payable,
				now));
	}

	// Penalties round down: a supplier is never charged a fraction of a minor unit.
	private static long percent(long amount, BigDecimal percent) {
		return BigDecimal.valueOf(amount)
			.multiply(percent)
			.movePointLeft(2)
			.setScale(0, RoundingMode.DOWN)
			.longValueExact();
	}

	public PurchaseOrder find(String poId) {
		return this.jdbc.sql("select * from purchase_order where po_id = ?")
			.params(poId)
			.query((rs, n) -> new PurchaseOrder(rs.getString("po_id"), rs.getString("supplier_id"),
					rs.getString("location"), rs.getString("status"), rs.getString("currency"),
					rs.getTimestamp("need_by").toInstant(), rs.getBoolean("emergency"), rs.getString("origin"),
					instant(rs.getTimestamp("approved_at")), instant(rs.getTimestamp("confirmed_at")),
					instant(rs.getTimestamp("received_at")), lines(poId), settlement(poId)))
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

	private long version(String poId) {
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

	private PurchaseOrder move(String poId, String from, String to, @Nullable String timestampColumn) {
		PurchaseOrder order = find(poId);
		int moved = this.jdbc
			.sql("update purchase_order set status = ?, version = version + 1%s where po_id = ? and status = ?"
				.formatted((timestampColumn != null) ? ", " + timestampColumn + " = now()" : ""))
			.params(to, poId, from)
			.update();
		if (moved == 0) {
			throw conflict(order, to.toLowerCase(java.util.Locale.ROOT));
		}
		return find(poId);
	}

	private static ProblemException conflict(PurchaseOrder order, String action) {
		return new ProblemException.Conflict(ProblemTypes.of("invalid-transition"), "Invalid transition",
				"Purchase order " + order.purchaseOrderId() + " is " + order.status() + "; it cannot be " + action)
			.with("status", order.status());
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

	private @Nullable Settlement settlement(String poId) {
		return this.jdbc.sql("select * from supplier_settlement where po_id = ?")
			.params(poId)
			.query((rs, n) -> new Settlement(rs.getLong("accepted_value_minor"), rs.getLong("late_penalty_minor"),
					rs.getLong("short_penalty_minor"), rs.getLong("defect_penalty_minor"), rs.getLong("payable_minor"),
					rs.getInt("days_late"), rs.getTimestamp("settled_at").toInstant()))
			.optional()
			.orElse(null);
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
