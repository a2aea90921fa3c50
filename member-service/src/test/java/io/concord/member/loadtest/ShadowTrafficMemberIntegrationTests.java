package io.concord.member.loadtest;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.TestRun;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow traffic in member-service (ADR-25), load testing on: a member registered under a
 * run is tagged; the run's delivered orders earn no points and move no tier or RFM score;
 * the run cannot pay with points; the purge removes the run's members and is audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concord.load-testing.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ShadowTrafficMemberIntegrationTests {

	private static final String SHADOW_ORDER_EVENTS = "shadow.concord.fulfillment.events.v1";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aRunsMemberIsTaggedEarnsNothingFromItsOrdersCannotPayWithPointsAndIsPurged() {
		String run = "member-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> registered = call("POST", "/api/members", null, """
				{"displayName": "Shadow shopper", "channel": "APP",
				 "identities": [{"type": "PHONE", "value": "+86139%08d"}]}""".formatted((int) (Math.random() * 1e8)),
				Map.of(TestRun.HEADER, run));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String member = JsonMapper.builder().build().readTree(registered.body()).path("id").asString();
		assertThat(this.jdbc.queryForObject("select test_run from member where id = ?::uuid", String.class, member))
			.isEqualTo(run);

		// The run's order is delivered: handled, but no order fact, no points.
		String order = "ORD-" + run;
		OutgoingEvent delivered = OutgoingEvent.of("concord.fulfillment.OrderDelivered", order, """
				{"orderId": "%s", "memberId": "%s", "paidAmount": {"amountMinor": 99900, "currency": "CNY"},
				 "deliveredAt": "%s"}""".formatted(order, member, Instant.now()));
		EventFixtures.send(SHADOW_ORDER_EVENTS, delivered, run);
		await().untilAsserted(() -> assertThat(this.jdbc.queryForObject(
				"select count(*) from processed_event where handler = 'member-orders-delivered' and event_id = ?",
				Integer.class, delivered.id()))
			.isEqualTo(1));
		assertThat(
				this.jdbc.queryForObject("select count(*) from member_order where order_id = ?", Integer.class, order))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from points_entry where member_id = ?::uuid",
				Integer.class, member))
			.isZero();

		HttpResponse<String> redeemed = call("POST", "/internal/members/orders/" + order + "/points-redemption",
				TestIssuers.get().staffToken("fulfillment-service", "service:order-flow"), """
						{"memberId": "%s", "points": 100, "payableMinor": 99900, "currency": "CNY"}"""
					.formatted(member),
				Map.of(TestRun.HEADER, run));
		assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(422);
		assertThat(redeemed.body()).contains("https://concord.dev/problems/test-run-points");

		HttpResponse<String> purged = call("DELETE", "/admin/members/test-runs/" + run,
				TestIssuers.get().staffToken("admin-1", "admin"), null, Map.of());
		assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
		assertThat(purged.body()).contains("\"member\":1", "\"identity_hint\":1");
		assertThat(this.jdbc.queryForObject("select count(*) from member where id = ?::uuid", Integer.class, member))
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from member_audit where action = 'TEST_RUN_PURGED' and reason = ?", Integer.class,
				"load-test run " + run))
			.isEqualTo(1);
	}

	private HttpResponse<String> call(String method, String path, String token, String json,
			Map<String, String> headers) {
		return TestHttp.call("http://localhost:" + this.port, method, path, token, json, headers);
	}

}
