package io.concord.member.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.member.support.MemberApi;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events reach the member (issue 19): a win-back coupon once however often its event
 * arrives, within the member's consent and the daily cap; order news on the member's
 * channel regardless of marketing choices; an unpaid order's reminder withdrawn once it
 * is paid; expiring points announced once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotificationsIntegrationTests {

	private static final String PROMOTION_EVENTS = "concord.promotion.events.v1";

	private static final String FULFILLMENT_EVENTS = "concord.fulfillment.events.v1";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	NotificationTriggers triggers;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	@DisplayName("A win-back coupon is told once by SMS after the member opts in, a duplicated event still once; after opting out it is suppressed")
	void aWinBackCouponIsToldOnceWithinConsent() {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "APP");
		UUID memberId = UUID.fromString(member[0]);
		UUID first = UUID.randomUUID();
		send(PROMOTION_EVENTS, couponIssued(first, memberId, "CHURN_RISK"));
		awaitStatus(memberId, "WIN_BACK_COUPON", "SUPPRESSED");
		assertThat(reason(memberId, first)).as("SMS marketing needs an opt-in").isEqualTo("NO_CONSENT");

		MemberApi.Answer optIn = this.api.put("/api/members/me/notification-consents",
				"{\"consents\": [{\"channel\": \"SMS\", \"purpose\": \"MARKETING\", \"allowed\": true}]}", member[1]);
		assertThat(optIn.status()).as(optIn.body()).isEqualTo(200);
		assertThat(optIn.body()).contains("{\"channel\":\"SMS\",\"purpose\":\"MARKETING\",\"allowed\":true}");
		UUID second = UUID.randomUUID();
		OutgoingEvent issued = couponIssued(second, memberId, "CHURN_RISK");
		send(PROMOTION_EVENTS, issued);
		send(PROMOTION_EVENTS, issued);
		send(PROMOTION_EVENTS, issued.withId(UUID.randomUUID().toString()));
		await().atMost(Duration.ofSeconds(30)).until(() -> inbox(memberId).size() == 1);
		JsonNode sms = inbox(memberId).get(0);
		assertThat(sms.path("channel").asString()).isEqualTo("SMS");
		assertThat(sms.path("destination").asString()).isEqualTo(phone);
		assertThat(sms.path("title").asString()).isEqualTo("您有一张优惠券待使用");
		// A claimed coupon is no win-back: nothing to tell.
		send(PROMOTION_EVENTS, couponIssued(UUID.randomUUID(), memberId, null));

		this.api.put("/api/members/me/notification-consents",
				"{\"consents\": [{\"channel\": \"SMS\", \"purpose\": \"MARKETING\", \"allowed\": false}]}", member[1]);
		UUID third = UUID.randomUUID();
		send(PROMOTION_EVENTS, couponIssued(third, memberId, "CHURN_RISK"));
		await().atMost(Duration.ofSeconds(30)).until(() -> "NO_CONSENT".equals(reason(memberId, third)));
		assertThat(inbox(memberId)).hasSize(1);
		assertThat(this.jdbc.queryForObject("select count(*) from notification where member_id = ?", Integer.class,
				memberId))
			.as("two win-back coupons recorded before, one now; the claimed coupon none")
			.isEqualTo(3);
		JsonNode mine = this.api.get("/api/members/me/notifications", member[1]).json();
		assertThat(mine).hasSize(3);
		assertThat(mine.get(1).path("status").asString()).isEqualTo("SENT");
		assertThat(mine.get(1).path("channel").asString()).isEqualTo("SMS");
	}

	@Test
	@DisplayName("At most two marketing notifications a day: the third is suppressed (DAILY_CAP)")
	void theDailyCapHolds() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		UUID memberId = UUID.fromString(member[0]);
		this.api.put("/api/members/me/notification-consents",
				"{\"consents\": [{\"channel\": \"SMS\", \"purpose\": \"MARKETING\", \"allowed\": true}]}", member[1]);
		for (int i = 0; i < 3; i++) {
			UUID coupon = UUID.randomUUID();
			send(PROMOTION_EVENTS, couponIssued(coupon, memberId, "CHURN_RISK"));
			await().atMost(Duration.ofSeconds(30)).until(() -> reasonOrStatus(memberId, coupon) != null);
		}
		assertThat(inbox(memberId)).hasSize(2);
		assertThat(
				this.jdbc.queryForList("select reason from notification where member_id = ? and status = 'SUPPRESSED'",
						String.class, memberId))
			.containsExactly("DAILY_CAP");
	}

	@Test
	@DisplayName("Order news reach a member who refused marketing; an unpaid order's reminder goes before its deadline, and is withdrawn once the order is paid")
	void orderNewsAndUnpaidReminders() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		UUID memberId = UUID.fromString(member[0]);
		this.api.put("/api/members/me/notification-consents",
				"{\"consents\": [{\"channel\": \"SMS\", \"purpose\": \"MARKETING\", \"allowed\": false}]}", member[1]);
		Instant now = Instant.now();
		// Due in 3 minutes: inside the 5-minute reminder lead, so it goes at once.
		String soon = "ORD-" + UUID.randomUUID();
		send(FULFILLMENT_EVENTS, orderPlaced(soon, memberId, now, now.plus(Duration.ofMinutes(3))));
		// Due in an hour, paid at once: no reminder.
		String paid = "ORD-" + UUID.randomUUID();
		send(FULFILLMENT_EVENTS, orderPlaced(paid, memberId, now, now.plus(Duration.ofHours(1))));
		send(FULFILLMENT_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderPaid", paid,
				"{\"orderId\": \"%s\", \"memberId\": \"%s\", \"paidAmount\": {\"amountMinor\": 33600, \"currency\": \"CNY\"}, \"provider\": \"simulated\", \"paidAt\": \"%s\"}"
					.formatted(paid, memberId, now)));
		send(FULFILLMENT_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderShipped", soon,
				"{\"orderId\": \"%s\", \"memberId\": \"%s\", \"shippedAt\": \"%s\"}".formatted(soon, memberId, now)));
		await().atMost(Duration.ofSeconds(30)).until(() -> inbox(memberId).size() == 2);
		assertThat(inbox(memberId).toString()).contains("订单 " + soon + "（CNY 336.00）将为您保留至")
			.contains("订单 " + soon + " 已发货");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "CANCELLED".equals(this.jdbc.queryForObject(
					"select status from notification where order_id = ? and kind = 'UNPAID_ORDER'", String.class,
					paid)));
	}

	@Test
	@DisplayName("Points expiring within the week are announced once per expiry day")
	void expiringPointsAreAnnouncedOnce() {
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		UUID memberId = UUID.fromString(member[0]);
		assertThat(this.api
			.post("/admin/members/" + memberId + "/points/adjustments", "{\"points\": 800, \"reason\": \"goodwill\"}",
					null)
			.status()).isEqualTo(200);
		this.jdbc.update("update points_entry set expires_at = now() + interval '3 days' where member_id = ?",
				memberId);
		this.triggers.remindExpiringPoints();
		this.triggers.remindExpiringPoints();
		await().atMost(Duration.ofSeconds(30)).until(() -> inbox(memberId).size() == 1);
		assertThat(inbox(memberId).get(0).path("body").asString()).startsWith("800 积分将于");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from notification where member_id = ? and kind = 'POINTS_EXPIRING'", Integer.class,
				memberId))
			.isEqualTo(1);
	}

	@Test
	@DisplayName("The loops are measured: signal -> win-back coupon -> told -> redeemed -> GMV -> bought again; reminder sent -> order paid")
	void theLoopsAreMeasured() {
		Instant start = Instant.now();
		String[] member = this.api.registerAndSignIn(MemberApi.newPhone(), "APP");
		UUID memberId = UUID.fromString(member[0]);
		this.api.put("/api/members/me/notification-consents",
				"{\"consents\": [{\"channel\": \"SMS\", \"purpose\": \"MARKETING\", \"allowed\": true}]}", member[1]);
		this.jdbc.update(
				"insert into member_churn_signal (member_id, last_active_at, signalled_at) values (?, now() - interval '60 days', now())",
				memberId);
		UUID coupon = UUID.randomUUID();
		send(PROMOTION_EVENTS, couponIssued(coupon, memberId, "CHURN_RISK"));
		await().atMost(Duration.ofSeconds(30)).until(() -> inbox(memberId).size() == 1);
		String winBackOrder = "ORD-" + UUID.randomUUID();
		Instant now = Instant.now();
		send(PROMOTION_EVENTS,
				OutgoingEvent.of("concord.promotion.CouponRedeemed", coupon.toString(),
						"""
								{"couponId": "%s", "promotionId": "WINBACK-10", "memberId": "%s", "orderId": "%s", "redeemedAt": "%s"}"""
							.formatted(coupon, memberId, winBackOrder, now)));
		send(FULFILLMENT_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderDelivered", winBackOrder, """
				{"orderId": "%s", "memberId": "%s", "paidAmount": {"amountMinor": 20000, "currency": "CNY"},
				 "deliveredAt": "%s"}""".formatted(winBackOrder, memberId, now.plusSeconds(1))));
		String reminded = "ORD-" + UUID.randomUUID();
		send(FULFILLMENT_EVENTS, orderPlaced(reminded, memberId, now, now.plus(Duration.ofMinutes(3))));
		await().atMost(Duration.ofSeconds(30)).until(() -> inbox(memberId).size() == 3);
		send(FULFILLMENT_EVENTS, OutgoingEvent.of("concord.fulfillment.OrderPaid", reminded,
				"{\"orderId\": \"%s\", \"memberId\": \"%s\", \"paidAmount\": {\"amountMinor\": 33600, \"currency\": \"CNY\"}, \"provider\": \"simulated\", \"paidAt\": \"%s\"}"
					.formatted(reminded, memberId, now.plusSeconds(30))));
		String window = "/admin/members/notifications/loops?from=" + start + "&to=" + Instant.now().plusSeconds(60);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get(window, null).json().path("unpaidOrders").path("paidAfterReminder").asLong() == 1
					&& this.api.get(window, null)
						.json()
						.path("winBack")
						.path("gmvMinor")
						.path("CNY")
						.asLong() == 20000);
		JsonNode loops = this.api.get(window, null).json();
		JsonNode winBack = loops.path("winBack");
		assertThat(winBack.path("signals").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(winBack.path("couponsIssued").asLong()).isEqualTo(1);
		assertThat(winBack.path("notified").asLong()).isEqualTo(1);
		assertThat(winBack.path("redeemed").asLong()).isEqualTo(1);
		assertThat(winBack.path("redeemedAfterNotification").asLong()).isEqualTo(1);
		assertThat(winBack.path("repurchaseWithin30Days").path("count").asLong()).isGreaterThanOrEqualTo(1);
		JsonNode unpaid = loops.path("unpaidOrders");
		assertThat(unpaid.path("reminders").asLong()).isEqualTo(1);
		assertThat(unpaid.path("sent").asLong()).isEqualTo(1);
		assertThat(unpaid.path("conversion").path("rate").asDouble()).isEqualTo(1.0);
		assertThat(this.api.get("/admin/members/notifications/loops?from=" + Instant.now() + "&to=" + start, null)
			.status()).isEqualTo(400);
		assertThat(this.api.get("/admin/members/" + memberId + "/notifications", null).json()).hasSize(3);
		assertThat(this.api.get("/admin/members/notifications/loops", member[1]).status()).isEqualTo(403);
	}

	private static OutgoingEvent couponIssued(UUID coupon, UUID member, String trigger) {
		return OutgoingEvent.of("concord.promotion.CouponIssued", coupon.toString(), """
				{"couponId": "%s", "promotionId": "WINBACK-10", "campaignId": "CRM", "memberId": "%s",
				 "via": "%s", "trigger": %s, "validFrom": "2026-12-01T00:00:00Z", "validUntil": "2026-12-08T00:00:00Z",
				 "issuedAt": "2026-12-01T00:00:00Z"}""".formatted(coupon, member,
				(trigger != null) ? "TRIGGER" : "CLAIM", (trigger != null) ? "\"" + trigger + "\"" : "null"));
	}

	private static OutgoingEvent orderPlaced(String orderId, UUID member, Instant placedAt, Instant dueAt) {
		return OutgoingEvent.of("concord.fulfillment.OrderPlaced", orderId, """
				{"orderId": "%s", "memberId": "%s", "channel": "APP",
				 "lines": [{"sku": "JACKET", "quantity": 2, "unitPriceMinor": 19900, "discountMinor": 2200}],
				 "payable": {"amountMinor": 33600, "currency": "CNY"}, "paymentDueAt": "%s", "placedAt": "%s"}"""
			.formatted(orderId, member, dueAt, placedAt));
	}

	private static void send(String topic, OutgoingEvent event) {
		EventFixtures.send(topic, event);
	}

	private JsonNode inbox(UUID member) {
		return this.api.get("/dev/notifications?memberId=" + member, null).json();
	}

	private void awaitStatus(UUID member, String kind, String status) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc
				.queryForList("select status from notification where member_id = ? and kind = ?", String.class, member,
						kind)
				.contains(status));
	}

	private String reason(UUID member, UUID coupon) {
		List<String> reasons = this.jdbc.queryForList(
				"select reason from notification where member_id = ? and source_key = ?", String.class, member,
				"coupon:" + coupon);
		return reasons.isEmpty() ? null : reasons.get(0);
	}

	private String reasonOrStatus(UUID member, UUID coupon) {
		return this.jdbc
			.queryForList(
					"select status from notification where member_id = ? and source_key = ? and status <> 'PENDING'",
					String.class, member, "coupon:" + coupon)
			.stream()
			.findFirst()
			.orElse(null);
	}

}
