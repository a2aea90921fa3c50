package io.concord.fulfillment.partners;

/** The bearer token this service presents to other services. */
@FunctionalInterface
public interface ServiceTokens {

	String bearer();

	/** Drops the cached token (refused as stale), so the next call fetches a new one. */
	default void forget() {
	}

}
