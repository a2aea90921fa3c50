package io.concord.platform.events;

/**
 * An event that no retry can help (not a CloudEvent, unreadable data, unknown schema
 * version).
 */
public class UnprocessableEventException extends RuntimeException {

	public UnprocessableEventException(String message, Throwable cause) {
		super(message, cause);
	}

	public UnprocessableEventException(String message) {
		super(message);
	}

}
