package io.concord.platform.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an {@link IntegrationEvent}'s place in the public contract. The type
 * {@code concord.<domain>.<Name>} and the schema version name the JSON Schema
 * {@code contracts/schemas/<domain>/<Name>.v<version>.schema.json}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PublishedEvent {

	/** The topic, e.g. {@code concord.member.events.v1}. */
	String topic();

	/** The CloudEvents type, e.g. {@code concord.member.MemberRegistered}. */
	String type();

	/** The version of the data schema; a breaking change raises it. */
	int schemaVersion() default 1;

}
