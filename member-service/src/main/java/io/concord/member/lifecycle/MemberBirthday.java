package io.concord.member.lifecycle;

import java.time.LocalDate;
import java.util.UUID;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

/**
 * Today is the member's birthday (once a year); {@code giftPoints} were credited per
 * their tier.
 */
@PublishedEvent(topic = "concord.member.events.v1", type = "concord.member.MemberBirthday")
record MemberBirthday(EventMetadata metadata, UUID memberId, LocalDate date, String tier,
		long giftPoints) implements IntegrationEvent {

}
