package io.concord.fulfillment.catalog;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The price authority's prices (promotion-service's {@code PriceChanged}) as fulfillment
 * keeps them: the latest effective entry per SKU, channel and currency. A SKU's channel
 * entry beats its {@code ALL} entry. The {@code ALL} price in a product's currency is
 * also its catalogue price, the fallback promotion-service prices a SKU without a price
 * entry at.
 */
@Component
public class ChannelPrices {

	/** The price every channel without its own pays. */
	public static final String ALL = "ALL";

	/** A SKU's price on a channel (or {@link #ALL}) in one currency. */
	public record ChannelPrice(String sku, String channel, String currency, long sellingPriceMinor, long listPriceMinor,
			Instant effectiveFrom, @Nullable Instant effectiveTo, UUID changeId) {
	}

	/**
	 * A price that took effect and is lower than the one it replaced, published in the
	 * transaction that recorded it (so a listener's effect is as idempotent as the
	 * projection): price protection credits orders on it.
	 */
	public record PriceLowered(ChannelPrice price, long previousSellingPriceMinor) {
	}

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ChannelPrices(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Records a price that took effect, unless an entry at least as recent is held (a
	 * repeat or an older change: nothing happens, false). An {@code ALL} price in the
	 * product's currency becomes its catalogue price.
	 */
	@Transactional
	public boolean record(ChannelPrice price, @Nullable Long previousSellingPriceMinor) {
		// What the channel's orders were priced against until now (its entry, else ALL).
		// What the channel's orders were priced at until now: its entry, else ALL, else
		// what the change says it replaced, else the catalogue price (promotion-service's
		// fallback for a SKU without a price entry).
		Long before = sellingPrice(price.sku(), price.channel(), price.currency()).map(ChannelPrice::sellingPriceMinor)
			.orElse(previousSellingPriceMinor);
		if (before == null) {
			before = this.jdbc.sql("select unit_price_minor from product where sku = ? and currency = ?")
				.params(price.sku(), price.currency())
				.query(Long.class)
				.optional()
				.orElse(null);
		}
		int recorded = this.jdbc.sql("""
				insert into channel_price (sku, channel, currency, selling_price_minor, list_price_minor,
				  effective_from, effective_to, change_id, updated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (sku, channel, currency) do update set selling_price_minor = excluded.selling_price_minor,
				  list_price_minor = excluded.list_price_minor, effective_from = excluded.effective_from,
				  effective_to = excluded.effective_to, change_id = excluded.change_id, updated_at = excluded.updated_at
				where channel_price.effective_from < excluded.effective_from""")
			.params(price.sku(), price.channel(), price.currency(), price.sellingPriceMinor(), price.listPriceMinor(),
					Timestamp.from(price.effectiveFrom()),
					(price.effectiveTo() != null) ? Timestamp.from(price.effectiveTo()) : null, price.changeId(),
					Timestamp.from(this.clock.instant()))
			.update();
		if (recorded == 0) {
			return false;
		}
		if (ALL.equals(price.channel())) {
			this.jdbc.sql("""
					update product set unit_price_minor = ?, updated_at = ?
					where sku = ? and currency = ? and unit_price_minor <> ?""")
				.params(price.sellingPriceMinor(), Timestamp.from(this.clock.instant()), price.sku(), price.currency(),
						price.sellingPriceMinor())
				.update();
		}
		if (before != null && price.sellingPriceMinor() < before) {
			this.events.publishEvent(new PriceLowered(price, before));
		}
		return true;
	}

	/** The entry held for exactly this channel (or {@link #ALL}). */
	public Optional<ChannelPrice> current(String sku, String channel, String currency) {
		return this.jdbc.sql("select * from channel_price where sku = ? and channel = ? and currency = ?")
			.params(sku, channel, currency)
			.query((rs, n) -> new ChannelPrice(rs.getString("sku"), rs.getString("channel"), rs.getString("currency"),
					rs.getLong("selling_price_minor"), rs.getLong("list_price_minor"),
					rs.getTimestamp("effective_from").toInstant(),
					(rs.getTimestamp("effective_to") != null) ? rs.getTimestamp("effective_to").toInstant() : null,
					rs.getObject("change_id", UUID.class)))
			.optional();
	}

	/**
	 * What the SKU sells at on the channel now: its channel entry, else its {@link #ALL}
	 * entry, in that currency; empty when the price authority never priced it.
	 */
	public Optional<ChannelPrice> sellingPrice(String sku, String channel, String currency) {
		return current(sku, channel, currency).or(() -> current(sku, ALL, currency));
	}

}
