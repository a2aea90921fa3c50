package io.concord.gateway;

import org.jspecify.annotations.Nullable;

/**
 * A streamed request body passed {@code max-body-size}. Raised into the forwarding
 * stream, so the service sees a cut-off request; the client gets 413. A client's
 * oversized body says nothing about the service, so circuit breakers ignore it.
 */
final class ContentTooLargeException extends RuntimeException {

	private final long maxBytes;

	ContentTooLargeException(long maxBytes) {
		super("The request body is larger than " + maxBytes + " bytes", null, false, false);
		this.maxBytes = maxBytes;
	}

	long maxBytes() {
		return this.maxBytes;
	}

	/** The oversized body behind a failure, however the forwarding wrapped it. */
	static @Nullable ContentTooLargeException in(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ContentTooLargeException tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

}
