package io.concord.promotion.audience;

import java.time.Duration;
import java.util.UUID;

import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
class MemberRegisteredConsumptionIntegrationTests {

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void registeredMemberJoinsTheAudienceOnceEvenWhenTheEventArrivesTwice() {
		UUID memberId = UUID.randomUUID();
		OutgoingEvent event = registered(memberId);
		EventFixtures.send(MEMBER_EVENTS, event);
		EventFixtures.send(MEMBER_EVENTS, event);
		UUID marker = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, registered(marker));
		// Same partition (same key) for the duplicate, so once the marker is in, both
		// copies were handled.
		await().atMost(Duration.ofSeconds(30)).until(() -> audienceRows(marker) == 1);
		await().until(() -> processed(event.id()) == 1);
		assertThat(audienceRows(memberId)).isEqualTo(1);
		assertThat(deadLetters(memberId)).as("the duplicate was skipped, not failed").isZero();
		assertThat(this.jdbc.queryForObject("select registered_channel from audience_member where member_id = ?",
				String.class, memberId))
			.isEqualTo("WEB");
	}

	@Test
	void eventOfAnUnknownSchemaVersionIsDeadLetteredNotMisread() {
		UUID memberId = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, registered(memberId).withSchemaVersion(2));
		await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(memberId) == 1);
		assertThat(audienceRows(memberId)).isZero();
	}

	@Test
	void eventWithUnreadableDataIsDeadLettered() {
		UUID memberId = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberRegistered", memberId.toString(),
				"{\"memberId\": 42, \"registeredAt\": \"yesterday\"}"));
		await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(memberId) == 1);
		assertThat(audienceRows(memberId)).isZero();
	}

	@Test
	@org.junit.jupiter.api.DisplayName("L10: a tier change that overtakes the registration is parked, then applied once the member is here")
	void l10_aTierChangeBeforeTheRegistrationIsAppliedOnceTheRegistrationArrives() {
		UUID memberId = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.TierChanged", memberId.toString(), """
				{"memberId": "%s", "previousTier": "BRONZE", "tier": "GOLD", "changedAt": "2026-11-12T00:00:00Z"}"""
			.formatted(memberId)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from dead_letter where record_key = ? and status = 'PARKED'", Integer.class,
					memberId.toString()) == 1);
		EventFixtures.send(MEMBER_EVENTS, registered(memberId));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> "GOLD".equals(this.jdbc.queryForObject("select tier from audience_member where member_id = ?",
					String.class, memberId)));
	}

	@Test
	@org.junit.jupiter.api.DisplayName("L10: an erasure that overtakes the registration keeps the member out of the audience")
	void l10_anErasureBeforeTheRegistrationKeepsTheMemberOut() {
		UUID memberId = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberErased", memberId.toString(),
				"{\"memberId\": \"%s\", \"erasedAt\": \"2026-11-12T00:00:00Z\"}".formatted(memberId)));
		OutgoingEvent registration = registered(memberId);
		EventFixtures.send(MEMBER_EVENTS, registration);
		await().atMost(Duration.ofSeconds(30)).until(() -> processed(registration.id()) == 1);
		assertThat(audienceRows(memberId)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from audience_erased where member_id = ?", Integer.class,
				memberId))
			.isEqualTo(1);
	}

	private static OutgoingEvent registered(UUID memberId) {
		return OutgoingEvent.of("concord.member.MemberRegistered", memberId.toString(), """
				{"memberId": "%s", "channel": "WEB", "registeredAt": "2026-11-11T00:00:00Z"}""".formatted(memberId));
	}

	private int audienceRows(UUID memberId) {
		return this.jdbc.queryForObject("select count(*) from audience_member where member_id = ?", Integer.class,
				memberId);
	}

	private int processed(String eventId) {
		return this.jdbc.queryForObject(
				"select count(*) from processed_event where event_id = ? and handler = 'MemberRegisteredHandler'",
				Integer.class, eventId);
	}

	private int deadLetters(UUID memberId) {
		return this.jdbc.queryForObject("select count(*) from dead_letter where record_key = ?", Integer.class,
				memberId.toString());
	}

}
