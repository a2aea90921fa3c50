package io.concord.member.verification;

/**
 * Sends a code to the shopper. Implementations must not log the code or the destination.
 */
public interface CodeDelivery {

	void deliver(String destination, CodePurpose purpose, String code);

}
