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

}
