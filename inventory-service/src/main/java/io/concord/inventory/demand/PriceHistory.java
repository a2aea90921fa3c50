package io.concord.inventory.demand;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Selling prices as they took effect (promotion-service's {@code PriceChanged}) and as
 * they are planned ({@code PriceScheduled} until it takes effect, unless a
 * {@code PriceScheduleCancelled} withdraws it): the forecast's price feature, so a price
 * cut scheduled for next week reaches the horizon. A plan and the PriceChanged of the
 * same entry share its id and count once.
 */
@Component
class PriceHistory {

	/** One price as it took effect, on one channel (ALL: every channel) and currency. */
	record Change(UUID changeId, String sku, String channel, String currency, long sellingPriceMinor,
			long listPriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo) {
	}

	/** A price scheduled to take effect later, as promotion-service announced it. */
	record Plan(UUID entryId, String sku, String channel, String currency, long sellingPriceMinor, long listPriceMinor,
			Instant effectiveFrom, @Nullable Instant effectiveTo) {
	}

	private record Entry(long price, Instant from, @Nullable Instant to) {

		boolean inForce(Instant at) {
			return !this.from.isAfter(at) && (this.to == null || this.to.isAfter(at));
		}

	}

	private static final String ALL = "ALL";

	private final JdbcClient jdbc;

	private final DemandSettings settings;

	PriceHistory(JdbcTemplate jdbc, DemandSettings settings) {
		this.jdbc = JdbcClient.create(jdbc);
		this.settings = settings;
	}

	/** Records a change once: a redelivery (same change id) changes nothing. */
	@Transactional
	boolean record(Change change) {
		return this.jdbc.sql("""
				insert into price_history (change_id, sku, channel, currency, selling_price_minor, list_price_minor,
				  effective_from, effective_to) values (?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (change_id) do nothing""")
			.params(change.changeId(), change.sku(), change.channel(), change.currency(), change.sellingPriceMinor(),
					change.listPriceMinor(), Timestamp.from(change.effectiveFrom()),
					(change.effectiveTo() != null) ? Timestamp.from(change.effectiveTo()) : null)
			.update() == 1;
	}

	/**
	 * Records a plan once: a redelivery changes nothing, and a plan whose cancellation
	 * came first stays cancelled.
	 */
	@Transactional
	boolean plan(Plan plan, Instant scheduledAt) {
		return this.jdbc.sql("""
				insert into planned_price (entry_id, sku, channel, currency, selling_price_minor, list_price_minor,
				  effective_from, effective_to, scheduled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (entry_id) do nothing""")
			.params(plan.entryId(), plan.sku(), plan.channel(), plan.currency(), plan.sellingPriceMinor(),
					plan.listPriceMinor(), Timestamp.from(plan.effectiveFrom()), timestamp(plan.effectiveTo()),
					Timestamp.from(scheduledAt))
			.update() == 1;
	}

	/**
	 * Withdraws a plan: it no longer counts. Kept (cancelled) even when the plan itself
	 * has not arrived, so a late or replayed PriceScheduled cannot bring it back.
	 */
	@Transactional
	void cancel(Plan plan, Instant cancelledAt) {
		this.jdbc.sql("""
				insert into planned_price (entry_id, sku, channel, currency, selling_price_minor, list_price_minor,
				  effective_from, effective_to, cancelled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (entry_id) do update set cancelled_at = coalesce(planned_price.cancelled_at,
				  excluded.cancelled_at)""")
			.params(plan.entryId(), plan.sku(), plan.channel(), plan.currency(), plan.sellingPriceMinor(),
					plan.listPriceMinor(), Timestamp.from(plan.effectiveFrom()), timestamp(plan.effectiveTo()),
					Timestamp.from(cancelledAt))
			.update();
	}

	/**
	 * The shop's main currency: the one most price rows (taken effect or planned) use
	 * (ties: alphabetical), or null before any price is known.
	 */
	@Nullable String mainCurrency() {
		return this.jdbc.sql("""
				select currency from (select currency from price_history
				  union all select currency from planned_price where cancelled_at is null) prices
				group by currency order by count(*) desc, currency limit 1""")
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Per SKU, the selling price of each of the {@code days} days from {@code start}
	 * (minor units of the main currency): the price in effect at the middle of the day on
	 * channel ALL, else the mean over the channels with a price then; planned prices (not
	 * cancelled) count like prices that took effect, so on a day a plan covers its price
	 * applies by the same rule, and on the others the current price carries forward. An
	 * entry's window is honoured, so after its end the entry it replaced applies again.
	 * Days before the first known price take that first price, and days with none in
	 * force (a window ended, nothing before it) keep the last one; SKUs without any price
	 * are absent.
	 */
	Map<String, double[]> daily(Collection<String> skus, LocalDate start, int days) {
		String currency = mainCurrency();
		if (currency == null || skus.isEmpty()) {
			return Map.of();
		}
		ZoneId zone = this.settings.zone();
		Instant end = start.plusDays(days).atStartOfDay(zone).toInstant();
		Map<String, Map<String, List<Entry>>> entries = new HashMap<>();
		// Per channel the entry that took effect last wins, so a plan supersedes what it
		// starts after, and of two plans from the same moment the later scheduled one
		// wins (as in promotion-service's resolution).
		String[] skuArray = skus.stream().distinct().toArray(String[]::new);
		this.jdbc.sql("""
				select sku, channel, selling_price_minor, effective_from, effective_to, null::timestamptz as written,
				  change_id from price_history where sku = any(?) and currency = ? and effective_from < ?
				union all
				select sku, channel, selling_price_minor, effective_from, effective_to, scheduled_at, entry_id
				from planned_price p
				where sku = any(?) and currency = ? and effective_from < ? and cancelled_at is null
				  and not exists (select 1 from price_history h where h.change_id = p.entry_id)
				order by 1, 2, 4, 6 nulls first, 7""")
			.params(skuArray, currency, Timestamp.from(end), skuArray, currency, Timestamp.from(end))
			.query((rs) -> {
				Timestamp to = rs.getTimestamp(5);
				entries.computeIfAbsent(rs.getString(1), (sku) -> new TreeMap<>())
					.computeIfAbsent(rs.getString(2), (channel) -> new ArrayList<>())
					.add(new Entry(rs.getLong(3), rs.getTimestamp(4).toInstant(),
							(to != null) ? to.toInstant() : null));
			});
		Instant[] middles = new Instant[days];
		for (int d = 0; d < days; d++) {
			Instant dayStart = start.plusDays(d).atStartOfDay(zone).toInstant();
			Instant dayEnd = start.plusDays(d + 1).atStartOfDay(zone).toInstant();
			middles[d] = dayStart.plus(Duration.between(dayStart, dayEnd).dividedBy(2));
		}
		Map<String, double[]> prices = new HashMap<>();
		entries.forEach((sku, byChannel) -> {
			double[] daily = new double[days];
			int firstKnown = -1;
			for (int d = 0; d < days; d++) {
				Double price = price(byChannel, middles[d]);
				if (price != null) {
					daily[d] = price;
					if (firstKnown < 0) {
						firstKnown = d;
					}
				}
				else {
					daily[d] = (d > 0) ? daily[d - 1] : Double.NaN;
				}
			}
			if (firstKnown < 0) {
				// Every known price started after the range, or ended before it.
				Entry last = byChannel.values()
					.stream()
					.flatMap(List::stream)
					.max(java.util.Comparator.comparing(Entry::from))
					.orElseThrow();
				java.util.Arrays.fill(daily, last.price());
			}
			else {
				java.util.Arrays.fill(daily, 0, firstKnown, daily[firstKnown]);
			}
			prices.put(sku, daily);
		});
		return prices;
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/**
	 * The price in effect at {@code at}: per channel the entry in force that took effect
	 * last; channel ALL if it has one, else the mean over channels.
	 */
	private static @Nullable Double price(Map<String, List<Entry>> byChannel, Instant at) {
		double sum = 0;
		int channels = 0;
		Double all = null;
		for (Map.Entry<String, List<Entry>> channel : byChannel.entrySet()) {
			Entry current = null;
			for (Entry entry : channel.getValue()) {
				if (entry.from().isAfter(at)) {
					break;
				}
				if (entry.inForce(at)) {
					current = entry;
				}
			}
			if (current == null) {
				continue;
			}
			if (channel.getKey().equals(ALL)) {
				all = (double) current.price();
			}
			sum += current.price();
			channels++;
		}
		if (all != null) {
			return all;
		}
		return (channels > 0) ? sum / channels : null;
	}

}
