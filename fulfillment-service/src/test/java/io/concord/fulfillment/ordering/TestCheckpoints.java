package io.concord.fulfillment.ordering;

import java.util.concurrent.atomic.AtomicReference;

/** Simulates the process dying between two placement steps: once, where asked. */
public class TestCheckpoints implements OrderPlacement.Checkpoint {

	private final AtomicReference<String> crashAt;

	public TestCheckpoints(AtomicReference<String> crashAt) {
		this.crashAt = crashAt;
	}

	@Override
	public void reached(String orderId, String step) {
		if (this.crashAt.compareAndSet(step, null)) {
			throw new SimulatedCrash(orderId + " crashed after " + step);
		}
	}

	/** What a test sees where the process would have died. */
	public static class SimulatedCrash extends RuntimeException {

		SimulatedCrash(String message) {
			super(message);
		}

	}

}
