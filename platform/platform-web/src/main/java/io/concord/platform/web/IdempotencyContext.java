package io.concord.platform.web;

import org.jspecify.annotations.Nullable;

/**
 * The Idempotency-Key the current request thread runs under, so that every transaction
 * the request commits can check it still owns the key (see
 * {@link IdempotentEffectGuard}).
 */
final class IdempotencyContext {

	record Claim(String scope, String key) {
	}

	private static final ThreadLocal<Claim> CURRENT = new ThreadLocal<>();

	private IdempotencyContext() {
	}

	static void enter(String scope, String key) {
		CURRENT.set(new Claim(scope, key));
	}

	static void leave() {
		CURRENT.remove();
	}

	static @Nullable Claim current() {
		return CURRENT.get();
	}

}
