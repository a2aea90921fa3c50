package io.concord.fulfillment.connectors;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Lowered, not raised, when in doubt: what to tell a platform about a SKU. A platform
 * sells on the quantity it was last told, so an over-stated quantity oversells (orders
 * Concord cannot fill) while an under-stated one only loses a few sales until the next
 * push. Hence:
 * <ul>
 * <li>a quantity below what the platform was last told (or 0) is pushed at once, however
 * old the news;</li>
 * <li>a quantity above it (or any quantity when the platform was never told) is pushed
 * only while inventory confirmed it recently (a StockChanged or a re-sync read within
 * {@code confirmedWithin}); otherwise it is held until an event or a re-sync confirms
 * it;</li>
 * <li>the same quantity needs no push, unless a re-sync asks for it again (the platform
 * may have changed it on its side: the full re-sync is what corrects that).</li>
 * </ul>
 */
final class StockPushRule {

	enum Action {

		/** Tell the platform {@code quantity}. */
		PUSH,
		/** An unconfirmed raise: wait for inventory to confirm it. */
		HOLD,
		/** The platform already has it. */
		NONE

	}

	record Decision(Action action, int quantity) {
	}

	private StockPushRule() {
	}

	/**
	 * @param sellable what the platform may sell now by the last known ATP (buffer
	 * applied)
	 * @param pushed what the platform was last told; null when never
	 * @param resend a re-sync queued it: push it even if the platform was told the same
	 * @param knownAt when inventory said so
	 */
	static Decision decide(int sellable, @Nullable Integer pushed, boolean resend, Instant knownAt, Instant now,
			Duration confirmedWithin) {
		if (pushed != null && sellable == pushed) {
			return new Decision(resend ? Action.PUSH : Action.NONE, sellable);
		}
		if (sellable == 0 || (pushed != null && sellable < pushed)) {
			return new Decision(Action.PUSH, sellable);
		}
		boolean confirmed = !knownAt.isBefore(now.minus(confirmedWithin));
		return new Decision(confirmed ? Action.PUSH : Action.HOLD, sellable);
	}

}
