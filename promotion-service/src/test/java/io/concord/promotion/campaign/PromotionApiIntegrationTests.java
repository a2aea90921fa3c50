package io.concord.promotion.campaign;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import io.concord.promotion.coupon.CouponClaims;
import io.concord.promotion.coupon.Coupons;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP face end to end: ops define and run a campaign (with validation and roles),
 * shoppers claim and quote, the order flow locks and redeems, ops read statistics, and
 * every event on the way conforms to its published contract.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PromotionApiIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Coupons coupons;

	@Autowired
	CouponClaims claims;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private final String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");

	@Test
	void aCampaignRunsFromDefinitionToStatisticsAndPublishesItsContracts() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				PromotionTopics.EVENTS)) {
			String campaign = "D11-" + UUID.randomUUID().toString().substring(0, 8);
			String sku = "SKU-" + campaign;
			Instant start = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
			Instant end = start.plus(2, ChronoUnit.DAYS);
			assertThat(call("POST", "/admin/promotions/campaigns", manager, """
					{"id": "%s", "name": "Singles' Day", "startsAt": "%s", "endsAt": "%s"}""".formatted(campaign, end,
					start))
				.statusCode()).isEqualTo(422);
			HttpResponse<String> created = call("POST", "/admin/promotions/campaigns", manager, """
					{"id": "%s", "name": "Singles' Day", "startsAt": "%s", "endsAt": "%s"}""".formatted(campaign, start,
					end));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

			HttpResponse<String> invalid = call("POST", "/admin/promotions/campaigns/" + campaign + "/promotions",
					manager, """
							{"name": "Spend 50 get 60", "kind": "SPEND_THRESHOLD", "activation": "AUTOMATIC",
							 "stackingGroup": "ORDER", "currency": "CNY",
							 "rule": {"tiers": [{"spendMinor": 5000, "offMinor": 6000}]}}""");
			assertThat(invalid.statusCode()).isEqualTo(422);
			assertThat(invalid.body()).contains("invalid-promotion", "rule.tiers[0].spendMinor",
					"the threshold must exceed its discount");
			assertThat(call("POST", "/admin/promotions/campaigns/" + campaign + "/promotions", manager,
					"{\"name\": \"x\", \"kind\": \"NOT_A_KIND\"}")
				.statusCode()).isEqualTo(400);
			assertThat(
					call("POST", "/admin/promotions/campaigns", TestIssuers.get().memberToken(UUID.randomUUID()), "{}")
						.statusCode())
				.isEqualTo(403);

			HttpResponse<String> threshold = call("POST", "/admin/promotions/campaigns/" + campaign + "/promotions",
					manager, """
							{"id": "%s-T300", "name": "Spend 300 get 50", "kind": "SPEND_THRESHOLD",
							 "activation": "AUTOMATIC", "stackingGroup": "ORDER", "currency": "CNY",
							 "scope": {"skus": ["%s"]}, "budgetMinor": 5000,
							 "rule": {"tiers": [{"spendMinor": 30000, "offMinor": 5000}]}}""".formatted(campaign, sku));
			assertThat(threshold.statusCode()).as(threshold.body()).isEqualTo(201);
			HttpResponse<String> template = call("POST", "/admin/promotions/campaigns/" + campaign + "/promotions",
					manager, """
							{"id": "%s-C20", "name": "20 off 100", "kind": "AMOUNT_OFF", "activation": "COUPON",
							 "stackingGroup": "COUPON", "currency": "CNY",
							 "rule": {"amountOffMinor": 2000, "minSpendMinor": 10000},
							 "coupon": {"totalQuantity": 100, "perMemberLimit": 1, "validDays": 3}}"""
						.formatted(campaign));
			assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
			String templateId = campaign + "-C20";

			UUID shopper = UUID.randomUUID();
			String member = TestIssuers.get().memberToken(shopper);
			assertThat(claim(templateId, member, UUID.randomUUID().toString()).body()).contains("coupon-claim-closed");
			assertThat(
					call("POST", "/admin/promotions/campaigns/" + campaign + "/activation", manager, null).statusCode())
				.isEqualTo(200);

			assertThat(call("POST", "/api/promotions/coupons/" + templateId + "/claim", member, null).statusCode())
				.as("a claim needs an Idempotency-Key")
				.isEqualTo(400);
			String key = UUID.randomUUID().toString();
			HttpResponse<String> claimed = claim(templateId, member, key);
			assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
			HttpResponse<String> replayed = claim(templateId, member, key);
			assertThat(read(replayed).path("couponId").asString()).isEqualTo(read(claimed).path("couponId").asString());
			assertThat(claim(templateId, member, UUID.randomUUID().toString()).body()).contains("coupon-limit-reached");
			String couponId = read(claimed).path("couponId").asString();
			assertThat(read(call("GET", "/api/promotions/wallet", member, null)).get(0).path("couponId").asString())
				.isEqualTo(couponId);
			assertThat(
					read(call("GET", "/api/promotions/coupons/" + templateId, null, null)).path("remaining").asLong())
				.isEqualTo(99);

			String cart = """
					{"channel": "APP", "currency": "CNY", "shippingFeeMinor": 1000,
					 "lines": [{"sku": "%s", "quantity": 2, "unitPriceMinor": 19900}]}""".formatted(sku);
			JsonNode quote = read(call("POST", "/api/promotions/quote", member, cart));
			assertThat(quote.path("payableMinor").asLong()).isEqualTo(39800 - 5000 - 2000 + 1000);
			JsonNode guest = read(call("POST", "/api/promotions/quote", null, cart));
			assertThat(guest.path("payableMinor").asLong()).as("a guest has no wallet").isEqualTo(39800 - 5000 + 1000);
			HttpResponse<String> preview = call("POST", "/api/promotions/quote", manager, cart);
			assertThat(preview.statusCode()).as("staff preview prices like a guest").isEqualTo(200);
			assertThat(read(preview).path("payableMinor").asLong()).isEqualTo(39800 - 5000 + 1000);
			assertThat(call("POST", "/api/promotions/quote", member,
					"{\"channel\": \"APP\", \"currency\": \"CNY\", \"lines\": []}")
				.statusCode()).isEqualTo(400);

			// A member's saved cart is priced as their order would be (their wallet), for
			// the
			// order flow only.
			String memberCart = """
					{"memberId": "%s", "cart": %s}""".formatted(shopper, cart);
			assertThat(call("POST", "/internal/promotions/quotes", member, memberCart).statusCode()).isEqualTo(403);
			HttpResponse<String> cartQuote = call("POST", "/internal/promotions/quotes", orderFlow, memberCart);
			assertThat(cartQuote.statusCode()).as(cartQuote.body()).isEqualTo(200);
			assertThat(read(cartQuote).path("payableMinor").asLong()).isEqualTo(39800 - 5000 - 2000 + 1000);

			String orderId = "ORD-" + UUID.randomUUID();
			String lock = """
					{"orderId": "%s", "memberId": "%s", "cart": %s}""".formatted(orderId, shopper, cart);
			assertThat(call("POST", "/internal/promotions/orders", member, lock).statusCode()).isEqualTo(403);
			HttpResponse<String> locked = call("POST", "/internal/promotions/orders", orderFlow, lock);
			assertThat(locked.statusCode()).as(locked.body()).isEqualTo(201);
			assertThat(read(locked).path("quote").path("payableMinor").asLong()).isEqualTo(33800);
			assertThat(call("POST", "/internal/promotions/orders/" + orderId + "/redemption", orderFlow, null)
				.statusCode()).isEqualTo(200);

			JsonNode statistics = read(
					call("GET", "/admin/promotions/campaigns/" + campaign + "/statistics", manager, null));
			JsonNode coupon = statistics.path("promotions").get(1);
			assertThat(coupon.path("couponsIssued").asLong()).isEqualTo(1);
			assertThat(coupon.path("couponsRedeemed").asLong()).isEqualTo(1);
			assertThat(coupon.path("redemptionRate").asDouble()).isEqualTo(1.0);
			assertThat(coupon.path("gmvMinor").asLong()).isEqualTo(33800);
			JsonNode spent = statistics.path("promotions").get(0);
			assertThat(spent.path("discountSpentMinor").asLong()).isEqualTo(5000);
			assertThat(spent.path("status").asString()).as("its budget of 5000 is spent").isEqualTo("EXHAUSTED");

			// A second coupon of another shopper runs out unused.
			Coupons.Coupon idle = this.claims.claim(templateId, UUID.randomUUID());
			// A day before it runs out, its member is told once (CouponExpiringSoon).
			this.jdbc.update("update coupon set valid_until = now() + interval '2 hours' where id = ?", idle.id());
			assertThat(this.coupons.warnExpiring(Duration.ofHours(24), 500)).isPositive();
			this.coupons.warnExpiring(Duration.ofHours(24), 500);
			this.jdbc.update("update coupon set valid_until = now() - interval '1 second' where id = ?", idle.id());
			assertThat(this.coupons.expire(100)).isPositive();
			assertThat(call("POST", "/admin/promotions/campaigns/" + campaign + "/end", manager, null).statusCode())
				.isEqualTo(200);

			for (String type : List.of("CampaignScheduled", "CampaignStarted", "CampaignEnded")) {
				one(events, "concord.promotion." + type, campaign);
			}
			one(events, "concord.promotion.BudgetExhausted", campaign + "-T300");
			one(events, "concord.promotion.CouponIssued", couponId);
			one(events, "concord.promotion.CouponLocked", couponId);
			one(events, "concord.promotion.CouponRedeemed", couponId);
			JsonNode warning = one(events, "concord.promotion.CouponExpiringSoon", idle.id().toString()).data();
			assertThat(warning.path("memberId").asString()).isEqualTo(idle.memberId().toString());
			assertThat(one(events, "concord.promotion.CouponExpired", idle.id().toString()).data()
				.path("promotionId")
				.asString()).isEqualTo(templateId);
		}
	}

	@Test
	void aCancelledOrdersCouponIsReleasedAsContracted() {
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				PromotionTopics.EVENTS)) {
			String campaign = "CMP-" + UUID.randomUUID().toString().substring(0, 8);
			Instant start = Instant.now().minus(1, ChronoUnit.MINUTES);
			call("POST", "/admin/promotions/campaigns", manager, """
					{"id": "%s", "name": "Flash", "startsAt": "%s", "endsAt": "%s"}""".formatted(campaign, start,
					start.plus(1, ChronoUnit.DAYS)));
			call("POST", "/admin/promotions/campaigns/" + campaign + "/promotions", manager, """
					{"id": "%s-P10", "name": "10%% off", "kind": "PERCENT_OFF", "activation": "COUPON",
					 "stackingGroup": "COUPON", "currency": "CNY", "rule": {"percentOff": 10, "capMinor": 3000},
					 "coupon": {"totalQuantity": 5}}""".formatted(campaign));
			call("POST", "/admin/promotions/campaigns/" + campaign + "/activation", manager, null);
			UUID shopper = UUID.randomUUID();
			Coupons.Coupon coupon = this.claims.claim(campaign + "-P10", shopper);
			String orderId = "ORD-" + UUID.randomUUID();
			HttpResponse<String> locked = call("POST", "/internal/promotions/orders", orderFlow, """
					{"orderId": "%s", "memberId": "%s", "cart": {"channel": "APP", "currency": "CNY",
					 "couponIds": ["%s"], "lines": [{"sku": "MUG", "quantity": 1, "unitPriceMinor": 1999}]}}"""
				.formatted(orderId, shopper, coupon.id()));
			assertThat(read(locked).path("quote").path("discountMinor").asLong()).isEqualTo(199);
			assertThat(
					call("POST", "/internal/promotions/orders/" + orderId + "/release", orderFlow, null).statusCode())
				.isEqualTo(200);
			ReceivedEvent released = one(events, "concord.promotion.CouponReleased", coupon.id().toString());
			assertThat(released.data().path("status").asString()).isEqualTo("AVAILABLE");
			assertThat(call("POST", "/internal/promotions/orders/ORD-UNKNOWN/redemption", orderFlow, null).statusCode())
				.isEqualTo(404);
		}
	}

	private HttpResponse<String> claim(String templateId, String token, String key) {
		return TestHttp.call(base(), "POST", "/api/promotions/coupons/" + templateId + "/claim", token, null,
				Map.of("Idempotency-Key", key));
	}

	private static ReceivedEvent one(PublishedEvents events, String type, String subject) {
		ReceivedEvent event = events.await((e) -> e.type().equals(type) && subject.equals(e.subject()), 1).get(0);
		EventContracts.assertConforms(event);
		return event;
	}

	private HttpResponse<String> call(String method, String path, String token, String json) {
		return TestHttp.call(base(), method, path, token, json);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
