package io.concord.fulfillment.partners;

/** The bearer token this service presents to other services. */
@FunctionalInterface
public interface ServiceTokens {

	String bearer();

}
