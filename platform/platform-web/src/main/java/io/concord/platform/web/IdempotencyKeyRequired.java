package io.concord.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint whose effect must happen once however often a client retries: the
 * request is refused (400) without an {@code Idempotency-Key} header. Any POST or PATCH
 * that carries the header gets the replay behaviour, marked or not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface IdempotencyKeyRequired {

	/**
	 * Whether running the handler again for the same key is harmless because the handler
	 * itself finds what the first attempt did (e.g. the order placed under this key) and
	 * answers with it. Such a request is re-run when its first attempt's instance crashed
	 * after its effect committed, or answered 5xx; any other request whose effect
	 * committed is never run twice (its 5xx is kept; an answer lost in a crash is a 409
	 * {@code idempotency-outcome-unknown}).
	 */
	boolean rerunnable() default false;

}
