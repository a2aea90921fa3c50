package io.concord.promotion.tiers;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.promotion.campaign.Campaigns;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tier benefits at checkout on PostgreSQL and Kafka (ADR-27): the tier comes from
 * member-service's events, its benefits from TierBenefitsChanged; a Gold member's quote
 * and order carry the member price and free shipping, a Bronze member's and a guest's do
 * not; a campaign's early-access window admits Gold before the public start and refuses
 * Bronze until it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TierBenefitsAtCheckoutIntegrationTests {

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private final String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Campaigns campaigns;

	@Test
	void aGoldMembersQuoteAndOrderCarryTheMemberPriceAndFreeShippingABronzeMembersAndAGuestsDoNot() {
		UUID gold = member("GOLD");
		UUID bronze = member("BRONZE");
		String sku = sku();

		// 2 x 199.00 + 12.00 shipping; Gold: 5% of 398.00 = 19.90 off, shipping waived.
		JsonNode goldQuote = quote(token(gold), cart(sku));
		assertThat(goldQuote.path("discountMinor").asLong()).isEqualTo(1990);
		assertThat(goldQuote.path("shippingDiscountMinor").asLong()).isEqualTo(1200);
		assertThat(goldQuote.path("payableMinor").asLong()).isEqualTo(39800 - 1990);
		assertThat(goldQuote.path("applied")).extracting((a) -> a.path("promotionId").asString())
			.containsExactlyInAnyOrder("tier:GOLD:member-price", "tier:GOLD:free-shipping");
		assertThat(goldQuote.path("considered"))
			.filteredOn((c) -> c.path("promotionId").asString().equals("tier:GOLD:member-price"))
			.singleElement()
			.satisfies((c) -> {
				assertThat(c.path("name").asString()).isEqualTo("Gold member price: 5% off");
				assertThat(c.path("reason").asString()).isEqualTo("APPLIED");
				assertThat(c.path("detail").asString()).isEqualTo("saves 1990");
			});
		assertThat(goldQuote.path("applied"))
			.filteredOn((a) -> a.path("promotionId").asString().equals("tier:GOLD:member-price"))
			.singleElement()
			.satisfies((a) -> assertThat(a.path("group").asString()).isEqualTo("MEMBER"));

		JsonNode bronzeQuote = quote(token(bronze), cart(sku));
		assertThat(bronzeQuote.path("discountMinor").asLong()).isZero();
		assertThat(bronzeQuote.path("shippingDiscountMinor").asLong()).isZero();
		assertThat(bronzeQuote.path("payableMinor").asLong()).isEqualTo(39800 + 1200);
		// A tier named in the body is not the member's tier.
		JsonNode claimed = quote(token(bronze), cart(sku).replace("{\"currency\"",
				"{\"memberTier\": \"DIAMOND\", \"tier\": \"DIAMOND\", \"currency\""));
		assertThat(claimed.path("payableMinor").asLong()).isEqualTo(39800 + 1200);

		JsonNode guestQuote = quote(null, cart(sku).replace("{\"currency\"", "{\"channel\": \"APP\", \"currency\""));
		assertThat(guestQuote.path("discountMinor").asLong()).as("a guest has no tier price").isZero();
		assertThat(guestQuote.path("shippingDiscountMinor").asLong()).isZero();

		// The order flow re-prices on the server: the same tier benefits, from the
		// member's recorded tier.
		String goldOrder = "ORD-" + UUID.randomUUID();
		JsonNode locked = lock(goldOrder, gold, sku);
		assertThat(locked.path("quote").path("discountMinor").asLong()).isEqualTo(1990);
		assertThat(locked.path("quote").path("shippingDiscountMinor").asLong()).isEqualTo(1200);
		assertThat(locked.path("quote").path("payableMinor").asLong()).isEqualTo(37810);
		assertThat(lock("ORD-" + UUID.randomUUID(), bronze, sku).path("quote").path("payableMinor").asLong())
			.isEqualTo(41000);

		// Paid, then one unit returned: refunded at what it was paid (199.00 - 9.95).
		assertThat(call("POST", "/internal/promotions/orders/" + goldOrder + "/redemption", this.orderFlow, "{}")
			.statusCode()).isEqualTo(200);
		HttpResponse<String> returned = call("POST", "/internal/promotions/orders/" + goldOrder + "/returns",
				this.orderFlow, """
						{"returnId": "R1", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(sku));
		assertThat(returned.statusCode()).as(returned.body()).isEqualTo(200);
		assertThat(read(returned).path("refundMinor").asLong()).isEqualTo(19900 - 995);
		assertThat(read(returned).path("budgetRestoredMinor").asLong()).isZero();
		assertThat(call("POST", "/internal/promotions/orders/" + goldOrder + "/release", this.orderFlow, "{}")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void aChangeOfATiersBenefitsChangesTheNextQuoteAndAnOlderAnnouncementDoesNotUndoIt() {
		UUID silver = member("SILVER");
		String sku = sku();
		assertThat(quote(token(silver), cart(sku)).path("discountMinor").asLong()).isEqualTo(796); // 2%
		long version = System.currentTimeMillis();
		try {
			EventFixtures.send(MEMBER_EVENTS, benefitsChanged("SILVER", "3.5", true, version));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> quote(token(silver), cart(sku)).path("discountMinor").asLong() == 1393);
			JsonNode changed = quote(token(silver), cart(sku));
			assertThat(changed.path("shippingDiscountMinor").asLong()).isEqualTo(1200);
			assertThat(changed.path("considered"))
				.filteredOn((c) -> c.path("promotionId").asString().equals("tier:SILVER:member-price"))
				.singleElement()
				.satisfies((c) -> assertThat(c.path("name").asString()).isEqualTo("Silver member price: 3.5% off"));

			OutgoingEvent older = benefitsChanged("SILVER", "9", false, version - 1);
			EventFixtures.send(MEMBER_EVENTS, older);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject("select count(*) from processed_event where event_id = ?",
						Integer.class, older.id()) > 0);
			assertThat(quote(token(silver), cart(sku)).path("discountMinor").asLong()).isEqualTo(1393);
		}
		finally {
			EventFixtures.send(MEMBER_EVENTS, benefitsChanged("SILVER", "2.00", false, version + 1));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> quote(token(silver), cart(sku)).path("discountMinor").asLong() == 796);
		}
	}

	@Test
	void earlyAccessAdmitsGoldBeforeThePublicStartRefusesBronzeAndOpensToEveryoneAtTheStart() {
		UUID gold = member("GOLD");
		UUID bronze = member("BRONZE");
		String sku = sku();
		String campaign = "CMP-EA-" + UUID.randomUUID().toString().substring(0, 8);
		Instant start = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		Instant end = start.plus(1, ChronoUnit.DAYS);
		HttpResponse<String> created = call("POST", "/admin/promotions/campaigns", this.manager, """
				{"id": "%s", "name": "Gold preview", "startsAt": "%s", "endsAt": "%s",
				 "earlyAccessHours": 3, "earlyAccessMinTier": "GOLD"}""".formatted(campaign, start, end));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(read(created).path("campaign").path("earlyAccessHours").asInt()).isEqualTo(3);
		assertThat(read(created).path("campaign").path("earlyAccessMinTier").asString()).isEqualTo("GOLD");
		String automatic = define(campaign, """
				{"name": "Preview 30 off", "kind": "AMOUNT_OFF", "activation": "AUTOMATIC", "stackingGroup": "ORDER",
				 "currency": "CNY", "scope": {"skus": ["%s"]}, "budgetMinor": 100000,
				 "rule": {"amountOffMinor": 3000}}""".formatted(sku));
		String drop = define(campaign, """
				{"name": "Preview drop", "kind": "AMOUNT_OFF", "activation": "COUPON", "stackingGroup": "COUPON",
				 "currency": "CNY", "scope": {"skus": ["%s"]}, "rule": {"amountOffMinor": 1000},
				 "coupon": {"totalQuantity": 10, "perMemberLimit": 1}}""".formatted(sku));
		HttpResponse<String> activated = call("POST", "/admin/promotions/campaigns/" + campaign + "/activation",
				this.manager, "{}");
		assertThat(read(activated).path("campaign").path("status").asString()).isEqualTo("SCHEDULED");

		// Before the public start: Bronze is refused, with when it opens and for whom.
		HttpResponse<String> refused = claim(bronze, drop);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(read(refused).path("type").asString()).isEqualTo("https://concord.dev/problems/coupon-claim-closed");
		assertThat(read(refused).path("detail").asString()).contains("early access from", "Gold members and above");
		JsonNode bronzeQuote = quote(token(bronze), cart(sku));
		assertThat(bronzeQuote.path("considered")).filteredOn((c) -> c.path("promotionId").asString().equals(automatic))
			.singleElement()
			.satisfies((c) -> assertThat(c.path("reason").asString()).isEqualTo("NOT_ACTIVE"));
		assertThat(lock("ORD-" + UUID.randomUUID(), bronze, sku).path("quote").path("discountMinor").asLong())
			.as("no early price in a Bronze member's order")
			.isZero();
		JsonNode guestQuote = quote(null, cart(sku).replace("{\"currency\"", "{\"channel\": \"APP\", \"currency\""));
		assertThat(guestQuote.path("discountMinor").asLong()).isZero();

		// Gold is admitted inside the early window: the claim, the quote and the order.
		HttpResponse<String> admitted = claim(gold, drop);
		assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(201);
		JsonNode goldQuote = quote(token(gold), cart(sku));
		assertThat(goldQuote.path("applied")).extracting((a) -> a.path("promotionId").asString())
			.contains(automatic, drop, "tier:GOLD:member-price");
		JsonNode goldOrder = lock("ORD-" + UUID.randomUUID(), gold, sku);
		// 398.00 - 30.00 (early promotion) = 368.00; 5% = 18.40; then the 10.00 coupon.
		assertThat(goldOrder.path("quote").path("discountMinor").asLong()).isEqualTo(3000 + 1840 + 1000);
		assertThat(this.jdbc.queryForObject("select budget_locked_minor from promotion where id = ?", Long.class,
				automatic))
			.isEqualTo(3000);

		// At the public start everybody is in.
		HttpResponse<String> moved = call("PUT", "/admin/promotions/campaigns/" + campaign, this.manager, """
				{"name": "Gold preview", "startsAt": "%s", "endsAt": "%s", "earlyAccessHours": 3,
				 "earlyAccessMinTier": "GOLD"}""".formatted(Instant.now().minusSeconds(60), end));
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		this.campaigns.advance();
		assertThat(this.campaigns.find(campaign).status()).isEqualTo("ACTIVE");
		assertThat(claim(bronze, drop).statusCode()).isEqualTo(201);
		assertThat(quote(token(bronze), cart(sku)).path("applied")).extracting((a) -> a.path("promotionId").asString())
			.contains(automatic, drop);
	}

	@Test
	void opsCannotDefineAMemberPriceNorAnUnboundedOrTierlessEarlyWindow() {
		String campaign = "CMP-EA-" + UUID.randomUUID().toString().substring(0, 8);
		Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
		String window = "\"startsAt\": \"%s\", \"endsAt\": \"%s\"".formatted(start, start.plus(1, ChronoUnit.DAYS));
		HttpResponse<String> tooEarly = call("POST", "/admin/promotions/campaigns", this.manager,
				"{\"name\": \"x\", %s, \"earlyAccessHours\": 721}".formatted(window));
		assertThat(tooEarly.statusCode()).isEqualTo(422);
		assertThat(tooEarly.body()).contains("invalid-promotion", "earlyAccessHours");
		HttpResponse<String> tierOnly = call("POST", "/admin/promotions/campaigns", this.manager,
				"{\"name\": \"x\", %s, \"earlyAccessMinTier\": \"GOLD\"}".formatted(window));
		assertThat(tierOnly.statusCode()).isEqualTo(422);
		assertThat(tierOnly.body()).contains("earlyAccessMinTier");
		assertThat(call("POST", "/admin/promotions/campaigns", this.manager,
				"{\"name\": \"x\", %s, \"earlyAccessHours\": 2, \"earlyAccessMinTier\": \"TITANIUM\"}"
					.formatted(window))
			.statusCode()).isEqualTo(400);
		assertThat(call("POST", "/admin/promotions/campaigns", this.manager,
				"{\"id\": \"%s\", \"name\": \"x\", %s}".formatted(campaign, window))
			.statusCode()).isEqualTo(201);
		HttpResponse<String> memberPrice = call("POST", "/admin/promotions/campaigns/" + campaign + "/promotions",
				this.manager, """
						{"name": "Fake member price", "kind": "PERCENT_OFF", "activation": "AUTOMATIC",
						 "stackingGroup": "MEMBER", "currency": "CNY", "rule": {"percentOff": 5}}""");
		assertThat(memberPrice.statusCode()).isEqualTo(422);
		assertThat(memberPrice.body()).contains("stackingGroup");
	}

	private UUID member(String tier) {
		UUID member = UUID.randomUUID();
		EventFixtures.send(MEMBER_EVENTS, new OutgoingEvent(UUID.randomUUID()
			.toString(), "concord.member.MemberRegistered", member.toString(), 1, 1, """
					{"memberId": "%s", "channel": "APP", "registeredAt": "2026-01-01T00:00:00Z"}""".formatted(member)));
		if (!tier.equals("BRONZE")) {
			EventFixtures.send(MEMBER_EVENTS, new OutgoingEvent(UUID.randomUUID().toString(),
					"concord.member.TierChanged", member.toString(), 2, 1, """
							{"memberId": "%s", "previousTier": "BRONZE", "tier": "%s", "spendMinor": 600000,
							 "currency": "CNY", "orders": 6, "benefits": {"tier": "%s", "minSpendMinor": 0,
							 "minOrders": 0, "discountPercent": 0, "freeShipping": false, "earlyAccess": false,
							 "pointsMultiplier": 1, "birthdayGiftPoints": 0}, "changedAt": "2026-11-20T00:00:00Z"}"""
						.formatted(member, tier, tier)));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc
				.queryForList("select coalesce(tier, 'BRONZE') from audience_member where member_id = ?", String.class,
						member)
				.equals(java.util.List.of(tier)));
		return member;
	}

	private static OutgoingEvent benefitsChanged(String tier, String percent, boolean freeShipping, long version) {
		return new OutgoingEvent(UUID.randomUUID().toString(), "concord.member.TierBenefitsChanged", tier, version, 1,
				"""
						{"tier": "%s", "benefits": {"tier": "%s", "minSpendMinor": 100000, "minOrders": 2,
						 "discountPercent": %s, "freeShipping": %s, "earlyAccess": false, "pointsMultiplier": 1.2,
						 "birthdayGiftPoints": 200}, "changedAt": "%s"}""".formatted(tier, tier, percent, freeShipping,
						Instant.now()));
	}

	private String define(String campaign, String json) {
		HttpResponse<String> defined = call("POST", "/admin/promotions/campaigns/" + campaign + "/promotions",
				this.manager, json);
		assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
		return read(defined).path("id").asString();
	}

	private HttpResponse<String> claim(UUID member, String template) {
		return call("POST", "/api/promotions/coupons/" + template + "/claim", token(member), "{}");
	}

	private JsonNode lock(String orderId, UUID member, String sku) {
		HttpResponse<String> locked = call("POST", "/internal/promotions/orders", this.orderFlow, """
				{"orderId": "%s", "memberId": "%s", "cart": %s}""".formatted(orderId, member,
				cart(sku).replace("{\"currency\"", "{\"channel\": \"APP\", \"currency\"")));
		assertThat(locked.statusCode()).as(locked.body()).isEqualTo(201);
		return read(locked);
	}

	private JsonNode quote(@Nullable String token, String cart) {
		HttpResponse<String> quoted = call("POST", "/api/promotions/quote", token, cart);
		assertThat(quoted.statusCode()).as(quoted.body()).isEqualTo(200);
		return read(quoted);
	}

	private static String cart(String sku) {
		return """
				{"currency": "CNY", "shippingFeeMinor": 1200,
				 "lines": [{"sku": "%s", "quantity": 2, "unitPriceMinor": 19900}]}""".formatted(sku);
	}

	private static String token(UUID member) {
		return TestIssuers.get().memberToken(member, "APP");
	}

	private static String sku() {
		return "TIER-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private HttpResponse<String> call(String method, String path, @Nullable String token, String json) {
		return TestHttp.call("http://localhost:" + this.port, method, path, token, json);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
