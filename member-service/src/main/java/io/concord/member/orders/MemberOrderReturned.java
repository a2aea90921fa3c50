package io.concord.member.orders;

import java.time.Instant;

import io.concord.member.identity.MemberId;

/** Part or all of a member's order was returned and refunded. */
public record MemberOrderReturned(MemberId memberId, String orderId, String returnId, long refundedMinor,
		String currency, Instant returnedAt) {

}
