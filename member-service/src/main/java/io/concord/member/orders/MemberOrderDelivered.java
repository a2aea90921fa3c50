package io.concord.member.orders;

import java.time.Instant;

import io.concord.member.identity.MemberId;

/** An order of the member was delivered (member id already resolved through merges). */
public record MemberOrderDelivered(MemberId memberId, String orderId, long paidMinor, String currency,
		Instant deliveredAt) {

}
