package io.concord.platform.web;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A request body went past its limit while it was being read. An {@link IOException},
 * because that is what a stream may throw; whoever wraps it (a JSON parser, a CSV
 * reader), the answer is 413.
 */
class RequestBodyTooLargeException extends IOException {

	private final long limit;

	RequestBodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
		this.limit = limit;
	}

	long limit() {
		return this.limit;
	}

	/** This exception anywhere in {@code failure}'s causes, or null. */
	static @Nullable RequestBodyTooLargeException in(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
			if (cause.getCause() == cause) {
				return null;
			}
		}
		return null;
	}

	/** The 413 problem. */
	static ProblemException problem(long limit) {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.CONTENT_TOO_LARGE, "Content too large",
				"The request body is larger than the " + limit + " bytes allowed here.")
			.with("maxBodySize", limit);
	}

}
