package io.concord.platform.web;

import java.net.URI;

/**
 * Stable problem {@code type} URIs. Clients branch on these, so a type never changes
 * meaning once published; docs/problems.md describes each.
 */
public final class ProblemTypes {

	public static final String BASE = "https://concord.dev/problems/";

	public static final URI VALIDATION = of("validation");

	public static final URI MALFORMED_REQUEST = of("malformed-request");

	public static final URI NOT_FOUND = of("not-found");

	public static final URI CONFLICT = of("conflict");

	public static final URI CONCURRENT_MODIFICATION = of("concurrent-modification");

	public static final URI BUSINESS_RULE = of("business-rule");

	public static final URI IDEMPOTENCY_KEY_MISSING = of("idempotency-key-missing");

	public static final URI IDEMPOTENCY_KEY_REUSED = of("idempotency-key-reused");

	public static final URI IDEMPOTENCY_KEY_IN_FLIGHT = of("idempotency-key-in-flight");

	public static final URI CONTENT_TOO_LARGE = of("content-too-large");

	public static final URI LOCK_CONFLICT = of("lock-conflict");

	public static final URI DATABASE_UNAVAILABLE = of("database-unavailable");

	public static final URI INTERNAL = of("internal");

	private ProblemTypes() {
	}

	/** A service-specific type, e.g. {@code of("insufficient-stock")}. */
	public static URI of(String slug) {
		return URI.create(BASE + slug);
	}

}
