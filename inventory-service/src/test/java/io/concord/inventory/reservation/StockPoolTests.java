package io.concord.inventory.reservation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sharing rules on their own: ATP net of fences, strategies, splits, all or nothing.
 */
class StockPoolTests {

	private static final StockPool.Route APP = new StockPool.Route("APP", AllocationStrategy.SORT_ORDER,
			List.of("STORE", "WH-EAST", "WH-WEST"));

	@Test
	void otherChannelsFencesAreNotAvailableToPromiseButTheOwnChannelsAre() {
		StockPool pool = pool(Map.of("STORE", 0, "WH-EAST", 60, "WH-WEST", 40),
				List.of(new StockPool.Fence(1, "LIVESTREAM", 30, null)));
		StockPool.Route livestream = new StockPool.Route("LIVESTREAM", AllocationStrategy.SORT_ORDER,
				List.of("WH-EAST"));
		assertThat(pool.availableToPromise("SKU", APP)).isEqualTo(70);
		assertThat(pool.availableToPromise("SKU", livestream)).as("only its own location").isEqualTo(60);
		assertThat(pool.unfenced("SKU")).isEqualTo(70);

		assertThat(pool.allocate(lines(71), APP, null).shortLines())
			.containsExactly(new StockPool.ShortLine("SKU", 71, 70));
		StockPool.Outcome live = pool.allocate(lines(40), livestream, null);
		assertThat(live.fenceDraws()).containsExactly(new StockPool.FenceDraw(1, 30));
		assertThat(pool.availableToPromise("SKU", APP)).as("the fence is used up, 60 units remain").isEqualTo(60);
	}

	@Test
	void aLineGoesToOneLocationWhenOneCanServeItElseItIsSplitInTheStrategysOrder() {
		StockPool pool = pool(Map.of("STORE", 2, "WH-EAST", 5, "WH-WEST", 9), List.of());
		assertThat(pool.allocate(lines(4), APP, null).allocations())
			.containsExactly(new StockPool.Allocation("SKU", "WH-EAST", 4));
		assertThat(pool.allocate(lines(11), APP, null).allocations()).containsExactly(
				new StockPool.Allocation("SKU", "STORE", 2), new StockPool.Allocation("SKU", "WH-EAST", 1),
				new StockPool.Allocation("SKU", "WH-WEST", 8));
		assertThat(pool.free("SKU")).containsEntry("WH-WEST", 1).containsEntry("STORE", 0);
	}

	@Test
	void mostStockAndNearestChooseDifferentLocations() {
		StockPool.Geography geography = new StockPool.Geography(Map.of("WH-EAST", "CN-SH", "WH-WEST", "CN-CD"),
				Map.of("WH-EAST", new double[] { 31.2, 121.5 }, "WH-WEST", new double[] { 30.6, 104.1 }, "STORE",
						new double[] { 39.9, 116.4 }),
				Map.of("CN-BJ", new double[] { 39.9, 116.4 }, "CN-CQ", new double[] { 29.6, 106.5 }));
		Map<String, Integer> free = Map.of("STORE", 3, "WH-EAST", 5, "WH-WEST", 9);
		StockPool.Route most = new StockPool.Route("APP", AllocationStrategy.MOST_STOCK, APP.locations());
		StockPool.Route nearest = new StockPool.Route("APP", AllocationStrategy.NEAREST, APP.locations());
		assertThat(pool(free, List.of(), geography).allocate(lines(2), most, null).allocations())
			.containsExactly(new StockPool.Allocation("SKU", "WH-WEST", 2));
		assertThat(pool(free, List.of(), geography).allocate(lines(2), nearest, "CN-BJ").allocations())
			.containsExactly(new StockPool.Allocation("SKU", "STORE", 2));
		assertThat(pool(free, List.of(), geography).allocate(lines(2), nearest, "CN-CQ").allocations())
			.as("Chongqing is nearer Chengdu than Shanghai")
			.containsExactly(new StockPool.Allocation("SKU", "WH-WEST", 2));
		assertThat(pool(free, List.of(), geography).allocate(lines(2), nearest, "CN-SH").allocations())
			.as("a location in the region itself comes first")
			.containsExactly(new StockPool.Allocation("SKU", "WH-EAST", 2));
	}

	@Test
	void anOrderWithOneShortLineTakesNothing() {
		Map<String, Map<String, Integer>> free = new TreeMap<>();
		free.put("A", new LinkedHashMap<>(Map.of("STORE", 5)));
		free.put("B", new LinkedHashMap<>(Map.of("STORE", 1)));
		StockPool pool = new StockPool(free, new HashMap<>(), () -> StockPool.Geography.NONE);
		TreeMap<String, Integer> order = new TreeMap<>(Map.of("A", 2, "B", 2));
		assertThat(pool.allocate(order, APP, null).shortLines()).containsExactly(new StockPool.ShortLine("B", 2, 1));
		assertThat(pool.free("A")).containsEntry("STORE", 5);
	}

	private static TreeMap<String, Integer> lines(int quantity) {
		return new TreeMap<>(Map.of("SKU", quantity));
	}

	private static StockPool pool(Map<String, Integer> free, List<StockPool.Fence> fences) {
		return pool(free, fences, StockPool.Geography.NONE);
	}

	private static StockPool pool(Map<String, Integer> free, List<StockPool.Fence> fences,
			StockPool.Geography geography) {
		Map<String, Map<String, Integer>> bySku = new TreeMap<>();
		bySku.put("SKU", new LinkedHashMap<>(free));
		Map<String, List<StockPool.Fence>> fenced = new HashMap<>();
		fenced.put("SKU", new ArrayList<>(fences));
		return new StockPool(bySku, fenced, () -> geography);
	}

}
