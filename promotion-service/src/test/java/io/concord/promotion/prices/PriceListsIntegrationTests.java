package io.concord.promotion.prices;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import io.concord.promotion.campaign.PromotionTopics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The price authority end to end: quotes and locks price from the price list whatever the
 * body says, the reference price comes from the history, scheduled changes publish
 * PriceChanged once, hard consistency rules refuse changes unless overridden (audited),
 * and storefronts read prices anonymously with cache headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concord.promotion.prices.publish-check=500ms")
class PriceListsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private final String viewer = TestIssuers.get().staffToken("ops-2", "ops-viewer");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PriceJobs jobs;

	@Test
	@DisplayName("a quote with a forged unitPriceMinor prices at the price list's price; the lock stores the price used")
	void aForgedUnitPriceIsIgnored() {
		String sku = sku("FORGED");
		String unlisted = sku("UNLISTED");
		assertThat(setPrice(sku, "ALL", 19800, 16800, null, null, false).statusCode()).isEqualTo(201);

		JsonNode quote = read(call("POST", "/api/promotions/quote", null, """
				{"channel": "APP", "currency": "CNY", "lines": [
				  {"sku": "%s", "quantity": 2, "unitPriceMinor": 1},
				  {"sku": "%s", "quantity": 1, "unitPriceMinor": 500}]}""".formatted(sku, unlisted)), 200);
		JsonNode line = quote.path("lines").get(0);
		assertThat(line.path("unitPriceMinor").asLong()).isEqualTo(16800);
		assertThat(line.path("priced").asBoolean()).isTrue();
		assertThat(line.path("listPriceMinor").asLong()).isEqualTo(19800);
		JsonNode preview = quote.path("lines").get(1);
		assertThat(preview.path("unitPriceMinor").asLong()).isEqualTo(500);
		assertThat(preview.path("priced").asBoolean()).as("a preview at the body's price").isFalse();
		assertThat(quote.path("subtotalMinor").asLong()).isEqualTo(2 * 16800 + 500);

		JsonNode withoutPrice = read(call("POST", "/api/promotions/quote", null, """
				{"channel": "WEB", "currency": "CNY", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(sku)), 200);
		assertThat(withoutPrice.path("lines").get(0).path("unitPriceMinor").asLong()).isEqualTo(16800);
		HttpResponse<String> unknown = call("POST", "/api/promotions/quote", null, """
				{"channel": "WEB", "currency": "CNY", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(unlisted));
		assertThat(read(unknown, 422).path("type").asString()).isEqualTo("https://concord.dev/problems/price-unknown");

		String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");
		String orderId = "ORD-" + UUID.randomUUID();
		JsonNode locked = read(call("POST", "/internal/promotions/orders", orderFlow,
				"""
						{"orderId": "%s", "memberId": "%s", "cart": {"channel": "APP", "currency": "CNY",
						 "lines": [{"sku": "%s", "quantity": 1, "unitPriceMinor": 2}, {"sku": "%s", "quantity": 1, "unitPriceMinor": 700}]}}"""
					.formatted(orderId, UUID.randomUUID(), sku, unlisted)),
				201);
		assertThat(locked.path("quote").path("lines").get(0).path("unitPriceMinor").asLong()).isEqualTo(16800);
		assertThat(locked.path("quote").path("lines").get(1).path("unitPriceMinor").asLong())
			.as("the order flow's catalogue price for a SKU without a price")
			.isEqualTo(700);
		assertThat(read(call("GET", "/internal/promotions/orders/" + orderId, orderFlow, null), 200).path("quote")
			.path("payableMinor")
			.asLong()).isEqualTo(16800 + 700);
	}

	@Test
	@DisplayName("the reference price is the 30-day minimum across a scheduled history; savings are shown against it")
	void theReferencePriceIsTheThirtyDayMinimum() {
		String sku = sku("OMNIBUS");
		Instant now = Instant.now();
		history(sku, "ALL", 9000, 7000, now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(31)), "ADMIN");
		history(sku, "ALL", 15000, 13000, now.minus(Duration.ofDays(45)), null, "ADMIN");
		history(sku, "ALL", 15000, 11000, now.minus(Duration.ofDays(20)), null, "SCHEDULE");
		history(sku, "APP", 15000, 9500, now.minus(Duration.ofDays(5)), now.minus(Duration.ofDays(3)), "SCHEDULE");
		JsonNode change = read(setPrice(sku, "ALL", 12000, 10000, null, null, false), 201);
		assertThat(change.path("price").path("referencePriceMinor").asLong()).isEqualTo(11000);
		assertThat(change.path("previousSellingPriceMinor").asLong()).isEqualTo(11000);

		JsonNode web = read(call("GET", "/api/prices?skus=" + sku + "&channel=WEB&currency=CNY", null, null), 200);
		assertThat(web.path("prices").get(0).path("referencePriceMinor").asLong()).isEqualTo(11000);
		JsonNode app = read(call("GET", "/api/prices?skus=" + sku + "&channel=APP&currency=CNY", null, null), 200);
		assertThat(app.path("prices").get(0).path("referencePriceMinor").asLong())
			.as("the app sold at 9500 five days ago")
			.isEqualTo(9500);

		JsonNode line = read(call("POST", "/api/promotions/quote", null, """
				{"channel": "WEB", "currency": "CNY", "lines": [{"sku": "%s", "quantity": 2, "unitPriceMinor": 1}]}"""
			.formatted(sku)), 200).path("lines").get(0);
		assertThat(line.path("referencePriceMinor").asLong()).isEqualTo(11000);
		assertThat(line.path("wasPriceMinor").asLong()).as("never the higher list price").isEqualTo(11000);
		assertThat(line.path("advertisedSavingMinor").asLong()).isEqualTo(2 * (11000 - 10000));
	}

	@Test
	@DisplayName("a scheduled change publishes PriceChanged once, when it takes effect")
	void aScheduledChangePublishesOnce() throws Exception {
		String sku = sku("SCHED");
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				PromotionTopics.EVENTS)) {
			read(setPrice(sku, "ALL", 20000, 18000, null, null, false), 201);
			Instant from = Instant.now().plusSeconds(3);
			JsonNode scheduled = read(setPrice(sku, "APP", 20000, 17000, from, null, false), 201);
			String changeId = scheduled.path("changeId").asString();
			JsonNode app = read(call("GET", "/api/prices?skus=" + sku + "&channel=APP&currency=CNY", null, null), 200);
			assertThat(app.path("prices").get(0).path("sellingPriceMinor").asLong()).as("not yet").isEqualTo(18000);
			assertThat(read(call("GET", "/admin/promotions/prices/" + sku, this.viewer, null), 200).path("scheduled"))
				.hasSize(1);

			ReceivedEvent changed = events
				.await((e) -> e.type().equals("concord.promotion.PriceChanged") && sku.equals(e.subject())
						&& changeId.equals(e.data().path("changeId").asString()), 1)
				.get(0);
			EventContracts.assertConforms(changed);
			assertThat(changed.key()).isEqualTo(sku);
			assertThat(changed.data().path("source").asString()).isEqualTo("SCHEDULE");
			assertThat(changed.data().path("sellingPriceMinor").asLong()).isEqualTo(17000);
			assertThat(changed.data().path("previousSellingPriceMinor").asLong()).isEqualTo(18000);
			assertThat(changed.data().path("referencePriceMinor").asLong()).isEqualTo(18000);
			assertThat(Instant.parse(changed.attribute("time"))).isAfterOrEqualTo(from);

			Thread.sleep(2000);
			assertThat(
					events.received()
						.stream()
						.filter((e) -> e.type().equals("concord.promotion.PriceChanged")
								&& changeId.equals(e.data().path("changeId").asString())))
				.as("published once")
				.hasSize(1);
			assertThat(read(call("GET", "/api/prices?skus=" + sku + "&channel=APP&currency=CNY", null, null), 200)
				.path("prices")
				.get(0)
				.path("sellingPriceMinor")
				.asLong()).isEqualTo(17000);
			HttpResponse<String> late = call("POST", "/admin/promotions/prices/entries/" + changeId + "/cancellation",
					this.manager, "{\"reason\": \"too late\"}");
			assertThat(read(late, 409).path("type").asString()).isEqualTo("https://concord.dev/problems/conflict");
		}
	}

	@Test
	@DisplayName("scheduling publishes PriceScheduled once with the entry's facts; cancelling publishes PriceScheduleCancelled")
	void schedulingAndCancellingArePublished() throws Exception {
		String sku = sku("PLAN");
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				PromotionTopics.EVENTS)) {
			read(setPrice(sku, "ALL", 20000, 18000, null, null, false), 201);
			Instant from = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
			Instant to = from.plus(Duration.ofDays(2));
			String entryId = read(setPrice(sku, "ALL", 20000, 9000, from, to, false), 201).path("changeId").asString();

			ReceivedEvent scheduled = events
				.await((e) -> e.type().equals("concord.promotion.PriceScheduled") && sku.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(scheduled);
			assertThat(scheduled.key()).isEqualTo(sku);
			JsonNode data = scheduled.data();
			assertThat(data.path("entryId").asString()).isEqualTo(entryId);
			assertThat(data.path("channel").asString()).isEqualTo("ALL");
			assertThat(data.path("currency").asString()).isEqualTo("CNY");
			assertThat(data.path("listPriceMinor").asLong()).isEqualTo(20000);
			assertThat(data.path("sellingPriceMinor").asLong()).isEqualTo(9000);
			assertThat(Instant.parse(data.path("effectiveFrom").asString())).isEqualTo(from);
			assertThat(Instant.parse(data.path("effectiveTo").asString())).isEqualTo(to);
			assertThat(data.path("source").asString()).isEqualTo("SCHEDULE");

			HttpResponse<String> cancel = call("POST", "/admin/promotions/prices/entries/" + entryId + "/cancellation",
					this.manager, "{\"reason\": \"sale moved\"}");
			read(cancel, 200);
			ReceivedEvent cancelled = events
				.await((e) -> e.type().equals("concord.promotion.PriceScheduleCancelled") && sku.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(cancelled);
			assertThat(cancelled.data().path("entryId").asString()).isEqualTo(entryId);
			assertThat(cancelled.data().path("sellingPriceMinor").asLong()).isEqualTo(9000);
			assertThat(Instant.parse(cancelled.data().path("effectiveFrom").asString())).isEqualTo(from);
			assertThat(Long.parseLong(cancelled.attribute("aggregateversion"))).as("ordered after the scheduling")
				.isGreaterThan(Long.parseLong(scheduled.attribute("aggregateversion")));
			assertThat(read(call("POST", "/admin/promotions/prices/entries/" + entryId + "/cancellation", this.manager,
					"{\"reason\": \"again\"}"), 409)
				.path("type")
				.asString()).isEqualTo("https://concord.dev/problems/conflict");

			Thread.sleep(1500);
			List<ReceivedEvent> mine = events.received().stream().filter((e) -> sku.equals(e.subject())).toList();
			assertThat(mine.stream().filter((e) -> e.type().equals("concord.promotion.PriceScheduled")))
				.as("published once")
				.hasSize(1);
			assertThat(mine.stream().filter((e) -> e.type().equals("concord.promotion.PriceScheduleCancelled")))
				.as("published once")
				.hasSize(1);
			assertThat(mine.stream()
				.filter((e) -> e.type().equals("concord.promotion.PriceChanged")
						&& entryId.equals(e.data().path("changeId").asString())))
				.as("a future price has not taken effect")
				.isEmpty();
			assertThat(mine.stream()
				.filter((e) -> e.type().equals("concord.promotion.PriceChanged"))
				.map((e) -> e.data().path("sellingPriceMinor").asLong())).as("the price set now")
				.containsExactly(18000L);
		}
	}

	@Test
	@DisplayName("the end of a window publishes the price that applies again (source EXPIRY), once")
	void theEndOfAWindowPublishesThePriceThatAppliesAgain() throws Exception {
		String sku = sku("WINDOW");
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				PromotionTopics.EVENTS)) {
			read(setPrice(sku, "ALL", 20000, 18000, null, null, false), 201);
			read(setPrice(sku, "APP", 20000, 15000, null, Instant.now().plusSeconds(2), false), 201);
			ReceivedEvent again = events
				.await((e) -> e.type().equals("concord.promotion.PriceChanged") && sku.equals(e.subject())
						&& e.data().path("source").asString().equals("EXPIRY"), 1)
				.get(0);
			EventContracts.assertConforms(again);
			assertThat(again.data().path("channel").asString()).isEqualTo("APP");
			assertThat(again.data().path("sellingPriceMinor").asLong()).isEqualTo(18000);
			assertThat(again.data().path("previousSellingPriceMinor").asLong()).isEqualTo(15000);
			assertThat(again.data().path("referencePriceMinor").asLong()).isEqualTo(15000);
			Thread.sleep(1500);
			assertThat(events.received()
				.stream()
				.filter((e) -> e.type().equals("concord.promotion.PriceChanged") && sku.equals(e.subject())
						&& e.data().path("source").asString().equals("EXPIRY")))
				.hasSize(1);
		}
	}

	@Test
	@DisplayName("the nightly check opens violations of prices set before the rule, and closes them when they hold")
	void theNightlyCheckFindsViolations() {
		String sku = sku("NIGHTLY");
		read(setPrice(sku, "ALL", 10000, 10000, null, null, false), 201);
		read(setPrice(sku, "WEB", 10000, 8000, null, null, false), 201);
		String group = "G-" + UUID.randomUUID().toString().substring(0, 8);
		read(call("POST", "/admin/promotions/prices/groups", this.manager, """
				{"id": "%s", "name": "Nightly", "skus": ["%s"]}""".formatted(group, sku)), 201);
		read(call("POST", "/admin/promotions/prices/groups/" + group + "/rules", this.manager, """
				{"kind": "MAX_DIFFERENCE", "maxDifferencePercent": 10, "severity": "HARD"}"""), 201);
		assertThat(openViolations(sku)).isEmpty();
		assertThat(this.jobs.checkConsistency()).isPositive();
		assertThat(openViolations(sku)).singleElement().satisfies((v) -> {
			assertThat(v.path("channel").asString()).isEqualTo("WEB");
			assertThat(v.path("detail").path("channelPriceMinor").asLong()).isEqualTo(8000);
		});
		this.jobs.checkConsistency();
		assertThat(openViolations(sku)).as("still one").hasSize(1);
		read(setPrice(sku, "WEB", 10000, 9500, null, null, false), 201);
		assertThat(openViolations(sku)).isEmpty();
	}

	@Test
	@DisplayName("a change breaking a hard rule is refused (409); an ops-manager's override is applied and audited")
	void aHardRuleRefusesAndAnOverrideIsAudited() {
		String sku = sku("RULED");
		String group = "G-" + UUID.randomUUID().toString().substring(0, 8);
		read(call("POST", "/admin/promotions/prices/groups", this.manager, """
				{"id": "%s", "name": "Same everywhere", "skus": ["%s"]}""".formatted(group, sku)), 201);
		String rule = read(call("POST", "/admin/promotions/prices/groups/" + group + "/rules", this.manager, """
				{"kind": "SAME_PRICE", "severity": "HARD"}"""), 201).path("id").asString();
		read(setPrice(sku, "ALL", 12000, 10000, null, null, false), 201);

		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				PromotionTopics.EVENTS)) {
			JsonNode refused = read(setPrice(sku, "LIVESTREAM", 12000, 9000, null, null, false), 409);
			assertThat(refused.path("type").asString()).isEqualTo("https://concord.dev/problems/price-rule-violated");
			assertThat(refused.path("conflicts").get(0).path("ruleId").asString()).isEqualTo(rule);
			assertThat(refused.path("conflicts").get(0).path("channelPriceMinor").asLong()).isEqualTo(9000);
			assertThat(refused.path("conflicts").get(0).path("allChannelsPriceMinor").asLong()).isEqualTo(10000);
			JsonNode live = read(
					call("GET", "/api/prices?skus=" + sku + "&channel=LIVESTREAM&currency=CNY", this.viewer, null),
					200);
			assertThat(live.path("prices").get(0).path("sellingPriceMinor").asLong()).as("nothing applied")
				.isEqualTo(10000);

			JsonNode applied = read(setPrice(sku, "LIVESTREAM", 12000, 9000, null, null, true), 201);
			assertThat(applied.path("overridden").asBoolean()).isTrue();
			List<JsonNode> overrides = list(
					read(call("GET", "/admin/promotions/prices/overrides", this.viewer, null), 200))
				.stream()
				.filter((o) -> o.path("entryId").asString().equals(applied.path("changeId").asString()))
				.toList();
			assertThat(overrides).singleElement().satisfies((o) -> {
				assertThat(o.path("actor").asString()).isEqualTo("ops-1");
				assertThat(o.path("ruleId").asString()).isEqualTo(rule);
				assertThat(o.path("reason").asString()).isEqualTo("test price");
			});
			assertThat(list(read(call("GET", "/admin/promotions/prices/violations", this.viewer, null), 200)))
				.filteredOn((v) -> v.path("sku").asString().equals(sku))
				.singleElement()
				.satisfies((v) -> assertThat(v.path("overridden").asBoolean()).isTrue());
			ReceivedEvent violated = events
				.await((e) -> e.type().equals("concord.promotion.PriceRuleViolated") && sku.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(violated);
			assertThat(violated.data().path("channel").asString()).isEqualTo("LIVESTREAM");
		}
		assertThat(call("POST", "/admin/promotions/prices", this.viewer, body(sku, "APP", 1, 1, null, null, true))
			.statusCode()).as("ops-viewer cannot write").isEqualTo(403);
	}

	@Test
	@DisplayName("a soft rule accepts the change and records the violation")
	void aSoftRuleRecords() {
		String sku = sku("SOFT");
		String group = "G-" + UUID.randomUUID().toString().substring(0, 8);
		read(call("POST", "/admin/promotions/prices/groups", this.manager, """
				{"id": "%s", "name": "Within 5%%", "skus": ["%s"]}""".formatted(group, sku)), 201);
		read(call("POST", "/admin/promotions/prices/groups/" + group + "/rules", this.manager, """
				{"kind": "MAX_DIFFERENCE", "maxDifferencePercent": 5, "severity": "SOFT"}"""), 201);
		read(setPrice(sku, "ALL", 10000, 10000, null, null, false), 201);
		read(setPrice(sku, "APP", 10000, 9500, null, null, false), 201);
		assertThat(openViolations(sku)).as("5% is allowed").isEmpty();
		JsonNode change = read(setPrice(sku, "APP", 10000, 9000, null, null, false), 201);
		assertThat(change.path("overridden").asBoolean()).isFalse();
		assertThat(openViolations(sku)).singleElement()
			.satisfies((v) -> assertThat(v.path("severity").asString()).isEqualTo("SOFT"));
		read(setPrice(sku, "APP", 10000, 9600, null, null, false), 201);
		assertThat(openViolations(sku)).as("holds again: closed").isEmpty();
	}

	@Test
	@DisplayName("/api/prices is anonymous and cacheable; unknown SKUs are listed as unpriced; at most 100 SKUs")
	void storefrontPrices() {
		String sku = sku("SHELF");
		read(setPrice(sku, "ALL", 5000, 4500, null, null, false), 201);
		String missing = sku("NONE");
		HttpResponse<String> answer = call("GET",
				"/api/prices?skus=" + sku + "," + missing + "&channel=APP&currency=CNY", null, null);
		JsonNode prices = read(answer, 200);
		assertThat(answer.headers().firstValue("Cache-Control").orElse("")).contains("public", "max-age=30");
		String etag = answer.headers().firstValue("ETag").orElseThrow();
		assertThat(prices.path("prices").get(0).path("sellingPriceMinor").asLong()).isEqualTo(4500);
		assertThat(prices.path("prices").get(0).path("listPriceMinor").asLong()).isEqualTo(5000);
		assertThat(prices.path("prices").get(0).path("priceChannel").asString()).isEqualTo("ALL");
		assertThat(list(prices.path("unpriced")).stream().map(JsonNode::asString)).containsExactly(missing);
		HttpResponse<String> again = TestHttp.call(base(), "GET",
				"/api/prices?skus=" + sku + "," + missing + "&channel=APP&currency=CNY", null, null,
				Map.of("If-None-Match", etag));
		assertThat(again.statusCode()).isEqualTo(304);

		String many = IntStream.range(0, 101).mapToObj((i) -> "S" + i).collect(Collectors.joining(","));
		JsonNode tooMany = read(call("GET", "/api/prices?skus=" + many + "&channel=APP&currency=CNY", null, null), 400);
		assertThat(tooMany.path("type").asString()).isEqualTo("https://concord.dev/problems/validation");
		assertThat(call("GET", "/api/prices?skus=" + sku + "&channel=LIVESTREAM&currency=CNY", null, null).statusCode())
			.as("a guest reads open channels only")
			.isEqualTo(403);
		assertThat(call("GET", "/api/prices?skus=" + sku + "&channel=APP&currency=cny", null, null).statusCode())
			.isEqualTo(400);
	}

	@Test
	@DisplayName("invalid prices are 400 (fields) and 422 (rules) problems; a scheduled price can be cancelled")
	void validation() {
		String sku = sku("BAD");
		JsonNode missing = read(call("POST", "/admin/promotions/prices", this.manager, """
				{"sku": "%s", "channel": "ALL", "currency": "CNY", "sellingPriceMinor": -1}""".formatted(sku)), 400);
		assertThat(missing.path("type").asString()).isEqualTo("https://concord.dev/problems/validation");
		Instant from = Instant.now().plus(Duration.ofDays(2));
		JsonNode backwards = read(setPrice(sku, "ALL", 100, 100, from, from.minusSeconds(60), false), 422);
		assertThat(backwards.path("type").asString()).isEqualTo("https://concord.dev/problems/invalid-price");
		JsonNode past = read(setPrice(sku, "ALL", 100, 100, Instant.now().minus(Duration.ofDays(1)), null, false), 422);
		assertThat(past.path("type").asString()).isEqualTo("https://concord.dev/problems/invalid-price");
		JsonNode farFuture = read(call("POST", "/admin/promotions/prices", this.manager, """
				{"sku": "%s", "channel": "ALL", "currency": "CNY", "listPriceMinor": 1, "sellingPriceMinor": 1,
				 "effectiveFrom": "+99999-01-01T00:00:00Z", "reason": "far"}""".formatted(sku)), 422);
		assertThat(farFuture.path("type").asString()).isEqualTo("https://concord.dev/problems/invalid-price");
		JsonNode rule = read(call("POST", "/admin/promotions/prices/groups/NOPE/rules", this.manager, """
				{"kind": "SAME_PRICE", "severity": "HARD"}"""), 404);
		assertThat(rule.path("type").asString()).isEqualTo("https://concord.dev/problems/not-found");

		String id = read(setPrice(sku, "ALL", 100, 90, from, null, false), 201).path("changeId").asString();
		JsonNode cancelled = read(call("POST", "/admin/promotions/prices/entries/" + id + "/cancellation", this.manager,
				"{\"reason\": \"moved\"}"), 200);
		assertThat(cancelled.path("cancelledBy").asString()).isEqualTo("ops-1");
		assertThat(read(call("GET", "/admin/promotions/prices/" + sku, this.viewer, null), 200).path("scheduled"))
			.isEmpty();
		assertThat(list(read(call("GET", "/admin/promotions/prices/" + sku + "/history", this.viewer, null), 200)))
			.singleElement()
			.satisfies((e) -> assertThat(e.path("cancelReason").asString()).isEqualTo("moved"));
	}

	private List<JsonNode> openViolations(String sku) {
		return list(read(call("GET", "/admin/promotions/prices/violations", this.viewer, null), 200)).stream()
			.filter((v) -> v.path("sku").asString().equals(sku))
			.toList();
	}

	// A past price, as the history would hold it (prices cannot be set in the past).
	private void history(String sku, String channel, long list, long selling, Instant from, Instant to, String source) {
		this.jdbc.update("""
				insert into price_entry (id, sku, channel, currency, list_price_minor, selling_price_minor,
				  effective_from, effective_to, source, reason, actor, created_at, published_at, expiry_published_at)
				values (?, ?, ?, 'CNY', ?, ?, ?, ?, ?, 'history', 'ops-1', ?, ?, ?)""", UUID.randomUUID(), sku, channel,
				list, selling, Timestamp.from(from), (to != null) ? Timestamp.from(to) : null, source,
				Timestamp.from(from), Timestamp.from(from), (to != null) ? Timestamp.from(to) : null);
	}

	private HttpResponse<String> setPrice(String sku, String channel, long list, long selling, Instant from, Instant to,
			boolean override) {
		return call("POST", "/admin/promotions/prices", this.manager,
				body(sku, channel, list, selling, from, to, override));
	}

	private static String body(String sku, String channel, long list, long selling, Instant from, Instant to,
			boolean override) {
		return """
				{"sku": "%s", "channel": "%s", "currency": "CNY", "listPriceMinor": %d, "sellingPriceMinor": %d,
				 "effectiveFrom": %s, "effectiveTo": %s, "reason": "test price", "override": %s}""".formatted(sku,
				channel, list, selling, (from != null) ? "\"" + from + "\"" : "null",
				(to != null) ? "\"" + to + "\"" : "null", override);
	}

	private static String sku(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static List<JsonNode> list(JsonNode array) {
		List<JsonNode> items = new java.util.ArrayList<>();
		array.forEach(items::add);
		return items;
	}

	private HttpResponse<String> call(String method, String path, String token, String json) {
		return TestHttp.call(base(), method, path, token, json);
	}

	private static JsonNode read(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
