package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.concord.platform.events.EventMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A supplier's scorecard from its real purchase orders and receipts. Nine metrics; the
 * score weighs the five a peak depends on most (on-time 30%, fill 25%, quality 25%,
 * confirmation speed 10%, ASN accuracy 10%), and grades A (90+), B (75+), C (60+), D.
 */
@Component
class Scorecards {

	record Scorecard(String supplierId, long purchaseOrders, long received, @Nullable Double onTimeDeliveryRate,
			@Nullable Double fillRate, @Nullable Double qualityPassRate, @Nullable Double leadTimeMeanDays,
			@Nullable Double leadTimeStdDevDays, @Nullable Double confirmationLatencyHours,
			@Nullable Double emergencyResponseHours, @Nullable Double asnAccuracy, @Nullable Double priceCompliance,
			@Nullable BigDecimal score, @Nullable String grade) {
	}

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Scorecards(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.clock = clock;
	}

	Scorecard of(String supplierId) {
		Map<String, Object> m = new LinkedHashMap<>(this.jdbc
			.sql("""
					select count(*) as orders,
					  count(*) filter (where received_at is not null) as received,
					  avg(case when received_at <= need_by then 1.0 else 0.0 end) filter (where received_at is not null) as on_time,
					  avg(extract(epoch from received_at - approved_at) / 86400.0) filter (where received_at is not null) as lead_mean,
					  stddev_samp(extract(epoch from received_at - approved_at) / 86400.0) filter (where received_at is not null) as lead_sd,
					  avg(extract(epoch from confirmed_at - approved_at) / 3600.0) filter (where confirmed_at is not null) as confirm_h,
					  avg(extract(epoch from confirmed_at - approved_at) / 3600.0) filter (where confirmed_at is not null and emergency) as emergency_h
					from purchase_order where supplier_id = ? and status <> ? and approved_at is not null""")
			.params(supplierId, PurchaseOrderStatus.CANCELLED.name())
			.query()
			.singleRow());
		Map<String, Object> lines = this.jdbc.sql("""
				select sum(l.received_quantity)::numeric / nullif(sum(l.quantity), 0) as fill,
				  sum(l.accepted_quantity)::numeric / nullif(sum(l.received_quantity), 0) as quality,
				  avg(case when l.asn_quantity = l.received_quantity then 1.0 else 0.0 end)
				    filter (where l.asn_quantity is not null and l.received_quantity is not null) as asn,
				  avg(case when l.confirmed_price_minor = l.unit_price_minor then 1.0 else 0.0 end)
				    filter (where l.confirmed_price_minor is not null) as price
				from purchase_order_line l join purchase_order p on p.po_id = l.po_id
				where p.supplier_id = ? and p.received_at is not null""").params(supplierId).query().singleRow();
		Double onTime = number(m.get("on_time"));
		Double fill = number(lines.get("fill"));
		Double quality = number(lines.get("quality"));
		Double asn = number(lines.get("asn"));
		Double confirmHours = number(m.get("confirm_h"));
		BigDecimal score = null;
		String grade = null;
		if (onTime != null && fill != null && quality != null) {
			// Confirming within a day scores full marks, a week or more none.
			double confirmation = (confirmHours == null) ? 0.5
					: Math.max(0, Math.min(1, 1 - (confirmHours - 24) / 144));
			double total = 100 * (0.30 * onTime + 0.25 * Math.min(1, fill) + 0.25 * quality + 0.10 * confirmation
					+ 0.10 * ((asn != null) ? asn : 0.5));
			score = BigDecimal.valueOf(total).setScale(2, RoundingMode.HALF_UP);
			grade = (total >= 90) ? "A" : (total >= 75) ? "B" : (total >= 60) ? "C" : "D";
		}
		return new Scorecard(supplierId, ((Number) m.get("orders")).longValue(),
				((Number) m.get("received")).longValue(), onTime, fill, quality, number(m.get("lead_mean")),
				number(m.get("lead_sd")), confirmHours, number(m.get("emergency_h")), asn, number(lines.get("price")),
				score, grade);
	}

	/** Recomputes the grade; announces it when it changes. */
	Scorecard regrade(String supplierId) {
		Scorecard card = of(supplierId);
		if (card.grade() == null) {
			return card;
		}
		Instant now = this.clock.instant();
		String previous = this.jdbc.sql("select grade from supplier where supplier_id = ? for update")
			.params(supplierId)
			.query(String.class)
			.optional()
			.orElse(null);
		this.jdbc.sql("update supplier set grade = ?, score = ?, updated_at = ? where supplier_id = ?")
			.params(card.grade(), card.score(), Timestamp.from(now), supplierId)
			.update();
		if (!card.grade().equals(previous)) {
			this.events
				.publishEvent(new SupplyEvents.SupplierGraded(EventMetadata.of(supplierId, now.toEpochMilli(), now),
						supplierId, card.grade(), card.score(), previous, now));
		}
		return card;
	}

	private static @Nullable Double number(@Nullable Object value) {
		return (value instanceof Number number) ? number.doubleValue() : null;
	}

}
