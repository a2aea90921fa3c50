package io.concord.inventory.allocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Apportioning stock by demand and the transfers that get there, by hand. */
class AllocationPlansTests {

	@Test
	void sharesFollowDemandAndAddUpExactly() {
		Map<String, Double> demand = new LinkedHashMap<>();
		demand.put("N", 5.0);
		demand.put("S", 3.0);
		demand.put("W", 2.0);
		// 101 units: 50.5, 30.3, 20.2 -> 50, 30, 20 and the one left to the largest
		// remainder (N).
		assertThat(AllocationPlans.apportion(101, demand)).containsExactly(Map.entry("N", 51), Map.entry("S", 30),
				Map.entry("W", 20));
		assertThat(AllocationPlans.apportion(7, Map.of("N", 1.0))).containsEntry("N", 7);
	}

	@Test
	void surplusMovesToDeficitLargestFirst() {
		Map<String, Integer> available = Map.of("N", 10, "S", 80, "W", 10);
		Map<String, Integer> targets = new LinkedHashMap<>();
		targets.put("N", 60);
		targets.put("S", 20);
		targets.put("W", 20);
		List<AllocationPlans.Move> moves = AllocationPlans.moves("SKU", available, targets);
		// S has 60 too many; N lacks 50, W lacks 10.
		assertThat(moves).containsExactly(new AllocationPlans.Move("SKU", "S", "N", 50, null),
				new AllocationPlans.Move("SKU", "S", "W", 10, null));
		assertThat(AllocationPlans.moves("SKU", Map.of("N", 5), Map.of("N", 5))).isEmpty();
	}

}
