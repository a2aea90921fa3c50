package io.concord.promotion.prices;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * TEMPORARY stand-in of the price authority's API (feat/prices-core replaces it at
 * merge): current prices in memory, no history, no rules, no events, no groups.
 */
@Component
public class PriceLists {

	public record CurrentPrice(String sku, String channel, String currency, long listPriceMinor, long sellingPriceMinor,
			long referencePriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo) {
	}

	public record PriceCommand(String sku, String channel, String currency, long listPriceMinor, long sellingPriceMinor,
			@Nullable Instant effectiveFrom, @Nullable Instant effectiveTo, Source source, String reason) {
	}

	public enum Source {

		ADMIN, SCHEDULE, DYNAMIC, EXPIRY

	}

	public record PriceChange(UUID changeId, CurrentPrice price, @Nullable Long previousSellingPriceMinor,
			boolean overridden) {
	}

	private final Map<String, CurrentPrice> prices = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();

	/** The channel's own price, else the ALL channel's. */
	public Optional<CurrentPrice> current(String sku, String channel, String currency) {
		CurrentPrice own = this.prices.get(key(sku, channel, currency));
		return Optional.ofNullable((own != null) ? own : this.prices.get(key(sku, "ALL", currency)));
	}

	public Map<String, CurrentPrice> current(Collection<String> skus, String channel, String currency) {
		Map<String, CurrentPrice> found = new HashMap<>();
		for (String sku : skus) {
			current(sku, channel, currency).ifPresent((price) -> found.put(sku, price));
		}
		return found;
	}

	public PriceChange set(PriceCommand command, String actor, boolean override) {
		if (command.sellingPriceMinor() < 0 || command.listPriceMinor() < 0) {
			throw new ProblemException(HttpStatus.CONFLICT,
					URI.create("https://concord.dev/problems/price-rule-violated"), "Price rule violated",
					"A price cannot be negative");
		}
		CurrentPrice previous = this.prices.get(key(command.sku(), command.channel(), command.currency()));
		Instant from = (command.effectiveFrom() != null) ? command.effectiveFrom() : Instant.now();
		CurrentPrice price = new CurrentPrice(command.sku(), command.channel(), command.currency(),
				command.listPriceMinor(), command.sellingPriceMinor(),
				(previous != null) ? Math.min(previous.referencePriceMinor(), command.sellingPriceMinor())
						: command.sellingPriceMinor(),
				from, command.effectiveTo());
		this.prices.put(key(command.sku(), command.channel(), command.currency()), price);
		return new PriceChange(UUID.randomUUID(), price, (previous != null) ? previous.sellingPriceMinor() : null,
				override);
	}

	public Set<String> groupsOf(String sku) {
		return this.groups.getOrDefault(sku, Set.of());
	}

	private static String key(String sku, String channel, String currency) {
		return sku + '|' + channel + '|' + currency;
	}

}
