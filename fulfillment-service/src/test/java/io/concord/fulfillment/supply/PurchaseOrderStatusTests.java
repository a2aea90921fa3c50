package io.concord.fulfillment.supply;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.concord.fulfillment.supply.PurchaseOrderStatus.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every purchase order state × every action: the allowed moves, and a refusal for all the
 * others (settled and cancelled orders never move again).
 */
class PurchaseOrderStatusTests {

	private static final Map<PurchaseOrderStatus, Map<Action, PurchaseOrderStatus>> ALLOWED = Map.of(
			PurchaseOrderStatus.DRAFT,
			Map.of(Action.APPROVE, PurchaseOrderStatus.APPROVED, Action.CANCEL, PurchaseOrderStatus.CANCELLED),
			PurchaseOrderStatus.APPROVED,
			Map.of(Action.CONFIRM, PurchaseOrderStatus.CONFIRMED, Action.DELIVER_TO_SHOPPER,
					PurchaseOrderStatus.RECEIVED, Action.CANCEL, PurchaseOrderStatus.CANCELLED),
			PurchaseOrderStatus.CONFIRMED,
			Map.of(Action.ANNOUNCE, PurchaseOrderStatus.SHIPPED, Action.RECEIVE, PurchaseOrderStatus.RECEIVED,
					Action.DELIVER_TO_SHOPPER, PurchaseOrderStatus.RECEIVED, Action.CANCEL,
					PurchaseOrderStatus.CANCELLED),
			PurchaseOrderStatus.SHIPPED,
			Map.of(Action.RECEIVE, PurchaseOrderStatus.RECEIVED, Action.DELIVER_TO_SHOPPER,
					PurchaseOrderStatus.RECEIVED),
			PurchaseOrderStatus.RECEIVED, Map.of(Action.SETTLE, PurchaseOrderStatus.SETTLED));

	static Stream<Arguments> everyStateAndAction() {
		return EnumSet.allOf(PurchaseOrderStatus.class)
			.stream()
			.flatMap((state) -> EnumSet.allOf(Action.class).stream().map((action) -> Arguments.of(state, action)));
	}

	@ParameterizedTest(name = "{0} --{1}-->")
	@MethodSource("everyStateAndAction")
	void movesOnlyWhereTheLifecycleAllows(PurchaseOrderStatus state, Action action) {
		Optional<PurchaseOrderStatus> expected = Optional.ofNullable(ALLOWED.getOrDefault(state, Map.of()).get(action));
		assertThat(state.after(action)).isEqualTo(expected);
	}

}
