package io.concord.platform.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem answer an operation can give, documented in its OpenAPI operation as an
 * {@code application/problem+json} response with the shared {@code Problem} schema and an
 * example: status, the problem {@code type} (its slug, see docs/problems.md) and when it
 * happens. Problems every operation of a kind can give (validation, unauthorized,
 * forbidden, rate limits) are added by the platform and need no annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemResponses.class)
public @interface ProblemResponse {

	/** The HTTP status, e.g. 409. */
	int status();

	/** The problem type's slug, e.g. {@code insufficient-stock}. */
	String type();

	/** When the operation answers it, for the reader of the document. */
	String when();

}
