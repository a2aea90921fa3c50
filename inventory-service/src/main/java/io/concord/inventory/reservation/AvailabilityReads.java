package io.concord.inventory.reservation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Stock reads for the availability API, coalesced: while one request reads some SKUs'
 * stock, identical requests arriving meanwhile wait for its answer instead of running the
 * same queries again. A product page at a peak asks the same question thousands of times
 * a second; the database answers it once per read.
 */
@Component
class AvailabilityReads {

	private final StockPools pools;

	private final Map<List<String>, CompletableFuture<StockPool>> inFlight = new ConcurrentHashMap<>();

	private final Counter coalesced;

	AvailabilityReads(StockPools pools, MeterRegistry meters) {
		this.pools = pools;
		this.coalesced = Counter.builder("concord.inventory.availability.coalesced")
			.description("Availability reads answered by an identical read already running")
			.register(meters);
	}

	/** The SKUs' stock and fences as they are now (no locks). */
	StockPool read(Collection<String> skus) {
		List<String> key = skus.stream().distinct().sorted().toList();
		CompletableFuture<StockPool> mine = new CompletableFuture<>();
		CompletableFuture<StockPool> running = this.inFlight.putIfAbsent(key, mine);
		if (running != null) {
			this.coalesced.increment();
			try {
				return running.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException failure) ? failure : ex;
			}
		}
		try {
			StockPool pool = this.pools.read(key);
			mine.complete(pool);
			return pool;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(key, mine);
		}
	}

}
