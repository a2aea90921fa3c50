package io.concord.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Free units of some SKUs per location and their channel ring-fences, as read from the
 * database (under row locks when reserving), and the rules that share them out.
 *
 * <p>
 * Available-to-promise for a channel is {@code min(free at the channel's locations, free
 * everywhere - units fenced for other channels)}: a channel may use only its own
 * locations, and must leave every other channel's fence whole wherever that fence's units
 * are. Free is on-hand minus reserved minus safety stock. Plain Java, no I/O: the
 * reservation batches and the availability API share it, and unit tests exercise it
 * directly.
 */
final class StockPool {

	/** A channel's fence on a SKU, with the units it still holds. */
	static final class Fence {

		final long id;

		final String channel;

		final @Nullable Instant releaseAt;

		int remaining;

		Fence(long id, String channel, int remaining, @Nullable Instant releaseAt) {
			this.id = id;
			this.channel = channel;
			this.remaining = remaining;
			this.releaseAt = releaseAt;
		}

	}

	/** Where a channel sells from and how it chooses. */
	record Route(String channel, AllocationStrategy strategy, List<String> locations) {
	}

	/**
	 * Coordinates of locations and region centres, for
	 * {@link AllocationStrategy#NEAREST}.
	 */
	record Geography(Map<String, String> locationRegions, Map<String, double[]> locationPoints,
			Map<String, double[]> regionCentres) {

		static final Geography NONE = new Geography(Map.of(), Map.of(), Map.of());

		double distance(String location, String region) {
			if (region.equals(this.locationRegions.get(location))) {
				return 0;
			}
			double[] from = this.locationPoints.get(location);
			double[] to = this.regionCentres.get(region);
			if (from == null || to == null) {
				return Double.MAX_VALUE;
			}
			// Great-circle distance in km (haversine): good enough to rank warehouses.
			double dLat = Math.toRadians(to[0] - from[0]);
			double dLon = Math.toRadians(to[1] - from[1]);
			double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(from[0]))
					* Math.cos(Math.toRadians(to[0])) * Math.pow(Math.sin(dLon / 2), 2);
			return 12742 * Math.asin(Math.sqrt(a));
		}

	}

	record Allocation(String sku, String location, int quantity) {
	}

	record FenceDraw(long fenceId, int quantity) {
	}

	record ShortLine(String sku, int requested, int available) {
	}

	/** Either allocations (and the fences they drew down) or the lines that are short. */
	record Outcome(List<Allocation> allocations, List<FenceDraw> fenceDraws, List<ShortLine> shortLines) {

		boolean reserved() {
			return this.shortLines.isEmpty();
		}

	}

	private final Map<String, Map<String, Integer>> free;

	private final Map<String, List<Fence>> fences;

	private final Supplier<Geography> geography;

	/**
	 * @param free free units per SKU, then per location
	 * @param fences active fences per SKU, drawn down in the order given
	 */
	StockPool(Map<String, Map<String, Integer>> free, Map<String, List<Fence>> fences, Supplier<Geography> geography) {
		this.free = free;
		this.fences = fences;
		this.geography = geography;
	}

	int availableToPromise(String sku, Route route) {
		Map<String, Integer> atLocations = this.free.getOrDefault(sku, Map.of());
		int atChannel = route.locations().stream().mapToInt((location) -> atLocations.getOrDefault(location, 0)).sum();
		int everywhere = atLocations.values().stream().mapToInt(Integer::intValue).sum();
		return Math.max(0, Math.min(atChannel, everywhere - fencedForOthers(sku, route.channel())));
	}

	/**
	 * Whether {@code quantity} units of {@code sku} at {@code location} are free for the
	 * channel: free there, and not held by another channel's fence.
	 */
	boolean canServe(String sku, String location, int quantity, String channel) {
		Map<String, Integer> atLocations = this.free.getOrDefault(sku, Map.of());
		int everywhere = atLocations.values().stream().mapToInt(Integer::intValue).sum();
		return atLocations.getOrDefault(location, 0) >= quantity
				&& everywhere - fencedForOthers(sku, channel) >= quantity;
	}

	/** Free units everywhere minus everything fenced: what any channel may still take. */
	int unfenced(String sku) {
		int everywhere = this.free.getOrDefault(sku, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
		return everywhere - this.fences.getOrDefault(sku, List.of()).stream().mapToInt((f) -> f.remaining).sum();
	}

	private int fencedForOthers(String sku, String channel) {
		return this.fences.getOrDefault(sku, List.of())
			.stream()
			.filter((fence) -> !fence.channel.equals(channel))
			.mapToInt((fence) -> fence.remaining)
			.sum();
	}

	/**
	 * Allocates every line or none; on success the pool is reduced by what was taken, so
	 * the next order in a batch sees what is left. A line is served by one location when
	 * any can (fewer parcels), else split across locations in the strategy's order.
	 * @param lines quantity per SKU
	 * @param region the shipping region, or {@code null}
	 */
	Outcome allocate(SortedMap<String, Integer> lines, Route route, @Nullable String region) {
		List<ShortLine> shortLines = new ArrayList<>();
		lines.forEach((sku, quantity) -> {
			int available = availableToPromise(sku, route);
			if (available < quantity) {
				shortLines.add(new ShortLine(sku, quantity, available));
			}
		});
		if (!shortLines.isEmpty()) {
			return new Outcome(List.of(), List.of(), shortLines);
		}
		List<Allocation> allocations = new ArrayList<>();
		List<FenceDraw> draws = new ArrayList<>();
		lines.forEach((sku, quantity) -> {
			Map<String, Integer> atLocations = this.free.get(sku);
			List<String> candidates = order(route, atLocations, region);
			String whole = candidates.stream()
				.filter((location) -> atLocations.get(location) >= quantity)
				.findFirst()
				.orElse(null);
			int remaining = quantity;
			for (String location : (whole != null) ? List.of(whole) : candidates) {
				int take = Math.min(remaining, atLocations.get(location));
				if (take > 0) {
					atLocations.merge(location, -take, Integer::sum);
					allocations.add(new Allocation(sku, location, take));
					remaining -= take;
				}
			}
			int fromFences = quantity;
			for (Fence fence : this.fences.getOrDefault(sku, List.of())) {
				if (fence.channel.equals(route.channel()) && fence.remaining > 0 && fromFences > 0) {
					int draw = Math.min(fence.remaining, fromFences);
					fence.remaining -= draw;
					fromFences -= draw;
					draws.add(new FenceDraw(fence.id, draw));
				}
			}
		});
		return new Outcome(allocations, draws, List.of());
	}

	private List<String> order(Route route, Map<String, Integer> atLocations, @Nullable String region) {
		List<String> candidates = new ArrayList<>(
				route.locations().stream().filter((location) -> atLocations.getOrDefault(location, 0) > 0).toList());
		Comparator<String> order = switch (route.strategy()) {
			case SORT_ORDER -> Comparator.comparingInt(route.locations()::indexOf);
			case MOST_STOCK -> Comparator.comparing(atLocations::get, Comparator.reverseOrder());
			case NEAREST -> (region != null)
					? Comparator.comparingDouble((String location) -> this.geography.get().distance(location, region))
					: Comparator.comparingInt(route.locations()::indexOf);
		};
		// Ties keep the configured order (the sort is stable).
		candidates.sort(order);
		return candidates;
	}

	/** Free units per location of a SKU, a copy (for reports and tests). */
	Map<String, Integer> free(String sku) {
		return new LinkedHashMap<>(this.free.getOrDefault(sku, Map.of()));
	}

}
