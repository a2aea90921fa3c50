package io.concord.fulfillment.partners;

/**
 * A partner service could not be reached or failed (timeout, 5xx): the outcome is unknown
 * and the idempotent call may be repeated.
 */
public class PartnerUnavailable extends RuntimeException {

	PartnerUnavailable(String message, Throwable cause) {
		super(message, cause);
	}

	PartnerUnavailable(String message) {
		super(message);
	}

}
