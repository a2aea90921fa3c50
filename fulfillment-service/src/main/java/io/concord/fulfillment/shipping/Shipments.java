package io.concord.fulfillment.shipping;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Parcels: planned when an order is allocated, moved by carrier tracking. A tracking
 * status only ever moves forward (CREATED, PICKED_UP, IN_TRANSIT, DELIVERED), so a late
 * or repeated carrier update changes nothing; an EXCEPTION is recorded without undoing a
 * delivery.
 */
@Component
public class Shipments {

	/** A unit to ship, from where its stock was reserved, or from its supplier. */
	public record ItemToShip(String sku, int quantity, Source source) {
	}

	/**
	 * A parcel as ops see it: {@code source} in its stored form, {@code status} a
	 * {@link ShipmentStatus} by name.
	 */
	public record Shipment(String shipmentId, String orderId, String source, boolean dropship,
			@Nullable String carrierCode, @Nullable String serviceLevel, @Nullable String trackingNumber,
			@Nullable Long costMinor, String status, @Nullable String exception, @Nullable Instant estimatedDeliveryAt,
			List<Line> lines) {

		/** Where the parcel leaves from. */
		public Source from() {
			return Source.of(this.source);
		}

	}

	public record Line(String sku, int quantity) {
	}

	/**
	 * A carrier's tracking update: a scan's {@code status} is PICKED_UP, IN_TRANSIT,
	 * DELIVERED (a {@link ShipmentStatus}) or EXCEPTION.
	 */
	public record TrackingUpdate(String eventId, String trackingNumber, String status, Instant occurredAt,
			@Nullable String detail) {

		static final String EXCEPTION = "EXCEPTION";

		boolean exception() {
			return EXCEPTION.equals(this.status);
		}

		/** The status the scan reports; not for an exception. */
		ShipmentStatus progress() {
			return ShipmentStatus.valueOf(this.status);
		}

		String reason() {
			return (this.detail != null) ? this.detail : "carrier exception";
		}

	}

	private final JdbcClient jdbc;

	private final Carriers carriers;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String homeCountry;

	Shipments(JdbcTemplate jdbc, Carriers carriers, JsonMapper json, ApplicationEventPublisher events, Clock clock,
			@Value("${concord.fulfillment.shipping.home-country:CN}") String homeCountry) {
		this.jdbc = JdbcClient.create(jdbc);
		this.carriers = carriers;
		this.json = json;
		this.events = events;
		this.clock = clock;
		this.homeCountry = homeCountry;
	}

	/**
	 * Splits the order into one parcel per source and gives each the cheapest carrier
	 * option that still arrives by {@code deliverBy} (the fastest if none does). Returns
	 * true when every parcel is expected in time. Without {@code bookCarrier} (a
	 * load-test run's order, ADR-25) the parcels are planned with no carrier, label or
	 * cost: no real carrier ever hears of them, and nothing is late for want of one.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean plan(String orderId, @Nullable String destinationRegion, Instant deliverBy, List<ItemToShip> items,
			boolean bookCarrier) {
		Map<Source, List<ItemToShip>> bySource = new LinkedHashMap<>();
		items.forEach((item) -> bySource.computeIfAbsent(item.source(), (s) -> new ArrayList<>()).add(item));
		Instant now = this.clock.instant();
		boolean inTime = true;
		for (Map.Entry<Source, List<ItemToShip>> parcel : bySource.entrySet()) {
			List<Carriers.Option> options = bookCarrier ? this.carriers.options(zone(destinationRegion)) : List.of();
			long hoursLeft = Math.max(0, Duration.between(now, deliverBy).toHours());
			Carriers.Option chosen = options.stream()
				.filter((o) -> o.transitHours() <= hoursLeft)
				.findFirst()
				.orElseGet(() -> options.stream()
					.min(java.util.Comparator.comparingInt(Carriers.Option::transitHours))
					.orElse(null));
			Instant estimated = (chosen != null) ? now.plus(Duration.ofHours(chosen.transitHours())) : null;
			inTime &= !bookCarrier || (estimated != null && !estimated.isAfter(deliverBy));
			List<Line> lines = parcel.getValue().stream().map((i) -> new Line(i.sku(), i.quantity())).toList();
			String shipmentId = "SHP-" + UUID.randomUUID();
			this.jdbc.sql("""
					insert into shipment (shipment_id, order_id, source, dropship, carrier_code, service_level,
					  tracking_number, cost_minor, status, lines, estimated_delivery_at, created_at, updated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
				.params(shipmentId, orderId, parcel.getKey().stored(), parcel.getKey().dropship(),
						(chosen != null) ? chosen.carrierCode() : null, (chosen != null) ? chosen.serviceLevel() : null,
						(chosen != null) ? chosen.carrierCode() + UUID.randomUUID()
							.toString()
							.replace("-", "")
							.substring(0, 14)
							.toUpperCase(java.util.Locale.ROOT) : null,
						(chosen != null) ? chosen.costMinor() : null, ShipmentStatus.CREATED.name(),
						this.json.writeValueAsString(lines), (estimated != null) ? Timestamp.from(estimated) : null,
						Timestamp.from(now), Timestamp.from(now))
				.update();
		}
		return inTime;
	}

	// Same country: national (local when a region is named and matches); else abroad.
	private String zone(@Nullable String destinationRegion) {
		if (destinationRegion == null || destinationRegion.startsWith(this.homeCountry)) {
			return "NATIONAL";
		}
		return "INTERNATIONAL";
	}

	public List<Shipment> ofOrder(String orderId) {
		return this.jdbc.sql("select * from shipment where order_id = ? order by created_at, shipment_id")
			.params(orderId)
			.query((rs, n) -> new Shipment(rs.getString("shipment_id"), rs.getString("order_id"),
					rs.getString("source"), rs.getBoolean("dropship"), rs.getString("carrier_code"),
					rs.getString("service_level"), rs.getString("tracking_number"), (Long) rs.getObject("cost_minor"),
					rs.getString("status"), rs.getString("exception"),
					(rs.getTimestamp("estimated_delivery_at") != null)
							? rs.getTimestamp("estimated_delivery_at").toInstant() : null,
					List.of(this.json.readValue(rs.getString("lines"), Line[].class))))
			.list();
	}

	/**
	 * Applies a carrier's update once (by its event id) and only forward; announces the
	 * order's dispatch (first pickup) and delivery (last parcel delivered).
	 */
	@Transactional
	public String track(String carrier, TrackingUpdate update) {
		Instant now = this.clock.instant();
		int fresh = this.jdbc.sql("""
				insert into carrier_event (carrier_code, event_id, tracking_number, status, occurred_at, applied,
				  received_at) values (?, ?, ?, ?, ?, false, ?) on conflict do nothing""")
			.params(carrier, update.eventId(), update.trackingNumber(), update.status(),
					Timestamp.from(update.occurredAt()), Timestamp.from(now))
			.update();
		if (fresh == 0) {
			return "DUPLICATE";
		}
		Shipment shipment = this.jdbc
			.sql("select shipment_id, order_id, status, source, dropship from shipment "
					+ "where tracking_number = ? and carrier_code = ? for update")
			.params(update.trackingNumber(), carrier)
			.query((rs, n) -> new Shipment(rs.getString(1), rs.getString(2), rs.getString(4), rs.getBoolean(5), carrier,
					null, update.trackingNumber(), null, rs.getString(3), null, null, List.of()))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Shipment with tracking number", update.trackingNumber()));
		ShipmentStatus current = ShipmentStatus.valueOf(shipment.status());
		boolean applied;
		if (update.exception()) {
			applied = current.takesException();
			if (applied) {
				this.jdbc.sql("update shipment set exception = ?, updated_at = ? where shipment_id = ?")
					.params(update.reason(), Timestamp.from(now), shipment.shipmentId())
					.update();
				this.events.publishEvent(new ShipmentEvents.ExceptionReported(shipment.orderId(), shipment.shipmentId(),
						update.reason(), update.occurredAt()));
			}
		}
		else {
			ShipmentStatus next = update.progress();
			applied = current.movesTo(next);
			if (applied) {
				// A delivery clears an earlier exception: the parcel arrived after all.
				this.jdbc.sql("""
						update shipment set status = ?, last_event_at = ?, updated_at = ?,
						  exception = case when ? then null else exception end
						where shipment_id = ?""")
					.params(next.name(), Timestamp.from(update.occurredAt()), Timestamp.from(now),
							next == ShipmentStatus.DELIVERED, shipment.shipmentId())
					.update();
				if (next == ShipmentStatus.DELIVERED) {
					this.events.publishEvent(new ShipmentEvents.ParcelDelivered(shipment.orderId(),
							shipment.shipmentId(), shipment.from(), update.occurredAt()));
				}
				announce(shipment.orderId(), current, next, update.occurredAt());
			}
		}
		this.jdbc.sql("update carrier_event set applied = ? where carrier_code = ? and event_id = ?")
			.params(applied, carrier, update.eventId())
			.update();
		return applied ? "APPLIED" : "STALE";
	}

	// The order's first parcel underway is its dispatch; its last one delivered, its
	// delivery.
	private void announce(String orderId, ShipmentStatus previous, ShipmentStatus next, Instant at) {
		List<ShipmentStatus> statuses = this.jdbc.sql("select status from shipment where order_id = ?")
			.params(orderId)
			.query((rs, n) -> ShipmentStatus.valueOf(rs.getString(1)))
			.list();
		long underway = statuses.stream().filter(ShipmentStatus::underway).count();
		if (!previous.underway() && underway == 1) {
			this.events.publishEvent(new ShipmentEvents.Dispatched(orderId, at));
		}
		if (next == ShipmentStatus.DELIVERED && statuses.stream().allMatch((s) -> s == ShipmentStatus.DELIVERED)) {
			this.events.publishEvent(new ShipmentEvents.Delivered(orderId, at));
		}
	}

	Optional<String> secretOf(String carrier) {
		return this.carriers.webhookSecret(carrier);
	}

}
