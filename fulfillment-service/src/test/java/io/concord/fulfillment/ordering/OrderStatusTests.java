package io.concord.fulfillment.ordering;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.concord.fulfillment.ordering.OrderStatus.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every state × every action: the allowed moves, and a refusal for all the others. */
class OrderStatusTests {

	private static final Map<OrderStatus, Map<Action, OrderStatus>> ALLOWED = Map.of(OrderStatus.PENDING_PAYMENT,
			Map.of(Action.PAY, OrderStatus.PAID, Action.CANCEL, OrderStatus.CANCELLED, Action.EXPIRE,
					OrderStatus.CANCELLED),
			OrderStatus.PAID, Map.of(Action.ALLOCATE, OrderStatus.ALLOCATED, Action.CANCEL, OrderStatus.CANCELLED),
			OrderStatus.ALLOCATED, Map.of(Action.SHIP, OrderStatus.SHIPPED, Action.CANCEL, OrderStatus.CANCELLED),
			OrderStatus.SHIPPED, Map.of(Action.DELIVER, OrderStatus.DELIVERED), OrderStatus.DELIVERED,
			Map.of(Action.REQUEST_RETURN, OrderStatus.RETURN_REQUESTED), OrderStatus.RETURN_REQUESTED,
			Map.of(Action.COMPLETE_RETURN, OrderStatus.RETURNED, Action.COMPLETE_PARTIAL_RETURN, OrderStatus.DELIVERED,
					Action.REJECT_RETURN, OrderStatus.DELIVERED));

	static Stream<Arguments> everyStateAndAction() {
		return EnumSet.allOf(OrderStatus.class)
			.stream()
			.flatMap((state) -> EnumSet.allOf(Action.class).stream().map((action) -> Arguments.of(state, action)));
	}

	@ParameterizedTest(name = "{0} --{1}-->")
	@MethodSource("everyStateAndAction")
	void movesOnlyWhereTheLifecycleAllows(OrderStatus state, Action action) {
		Optional<OrderStatus> expected = Optional.ofNullable(ALLOWED.getOrDefault(state, Map.of()).get(action));
		assertThat(state.after(action)).isEqualTo(expected);
		assertThat(state.cancellable()).isEqualTo(ALLOWED.getOrDefault(state, Map.of()).containsKey(Action.CANCEL));
	}

}
