package io.concord.platform.events;

/**
 * An event arrived before a fact it depends on (a tier change for a member not yet
 * registered here, a return of an order not yet delivered): it is not dropped and not
 * applied. It is retried with backoff, then parked in the dead letters and re-driven
 * automatically until its prerequisite has arrived (or ops are told it never did); each
 * detection counts in {@code concord.events.out_of_order}.
 */
public class OutOfOrderEventException extends RuntimeException {

	public OutOfOrderEventException(String message) {
		super(message);
	}

}
