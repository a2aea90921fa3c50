package io.concord.promotion.repricing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.promotion.prices.PriceLists;
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
 * A SUGGEST rule end to end: stock and demand arrive as inventory's and fulfillment's
 * events, the rule suggests a move cut to one step, ops approve it and the price
 * authority applies it; a kill switch holds the next decision (audited as held by that
 * guardrail); a replay over the same history applies and audits nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RepricingIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	PriceLists prices;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private final String viewer = TestIssuers.get().staffToken("ops-2", "ops-viewer");

	@Test
	void aSuggestionApprovedByOpsIsAppliedThroughThePriceListsAndAReplayAppliesNothing() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String sku = "PARKA-" + suffix;
		String rule = "cover-" + suffix;
		this.prices.set(new PriceLists.PriceCommand(sku, "ALL", "CNY", 12000, 10000, null, null,
				PriceLists.Source.ADMIN, "test price"), "ops-1", false);
		// 5 free units, 70 ordered over the last week: 0.5 days of cover.
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		EventFixtures.send("concord.inventory.events.v1", OutgoingEvent.of("concord.inventory.StockChanged", sku, """
				{"sku": "%s", "onHand": 9, "reserved": 2, "available": 5, "availableByChannel": {"APP": 5},
				 "changedAt": "%s"}""".formatted(sku, now.minus(2, ChronoUnit.HOURS))));
		String order = "ORD-" + suffix;
		EventFixtures.send("concord.fulfillment.events.v1",
				OutgoingEvent.of("concord.fulfillment.OrderPlaced", order, """
						{"orderId": "%s", "memberId": "%s", "channel": "APP",
						 "lines": [{"sku": "%s", "quantity": 70, "unitPriceMinor": 10000, "discountMinor": 0}],
						 "payable": {"amountMinor": 700000, "currency": "CNY"},
						 "paymentDueAt": "%s", "placedAt": "%s"}""".formatted(order, UUID.randomUUID(), sku,
						now.plus(30, ChronoUnit.MINUTES), now.minus(3, ChronoUnit.HOURS))));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> count("select count(*) from repricing_stock where sku = ?", sku) == 1
					&& count("select count(*) from repricing_demand where sku = ?", sku) == 1);

		assertThat(call("PUT", "/admin/promotions/repricing/costs/" + sku, this.manager,
				"{\"currency\": \"CNY\", \"costMinor\": 7000}")
			.statusCode()).isEqualTo(200);
		HttpResponse<String> saved = call("PUT", "/admin/promotions/repricing/rules/" + rule, this.manager, """
				{"name": "Short cover raises", "scopeKind": "SKU", "scopeValue": "%s", "channel": "ALL",
				 "currency": "CNY", "mode": "SUGGEST", "lowCoverDays": 7, "highCoverDays": 60, "coverStepPercent": 8,
				 "limits": {"minMarginPercent": 10, "ceilingMinor": 20000, "maxStepPercent": 5,
				            "maxDailyMovePercent": 10}}""".formatted(sku));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		assertThat(call("PUT", "/admin/promotions/repricing/rules/bad-" + suffix, this.manager, """
				{"name": "x", "scopeKind": "SKU", "scopeValue": "%s", "channel": "ALL", "currency": "CNY",
				 "mode": "AUTO", "lowCoverDays": 9, "highCoverDays": 3,
				 "limits": {"minMarginPercent": 10, "ceilingMinor": 20000, "maxStepPercent": 5,
				            "maxDailyMovePercent": 10}}""".formatted(sku)).statusCode()).isEqualTo(422);

		HttpResponse<String> evaluated = call("POST", "/admin/promotions/repricing/rules/" + rule + "/evaluation",
				this.manager, null);
		assertThat(evaluated.statusCode()).as(evaluated.body()).isEqualTo(200);
		JsonNode suggestion = read(evaluated).path(0);
		assertThat(suggestion.path("outcome").asString()).as(evaluated.body()).isEqualTo("SUGGESTED");
		assertThat(suggestion.path("targetPriceMinor").asLong()).isEqualTo(10800);
		assertThat(suggestion.path("finalPriceMinor").asLong()).as("one 5% step").isEqualTo(10500);
		assertThat(suggestion.path("heldBy").asString()).isEqualTo("MAX_STEP");
		assertThat(suggestion.path("inputs").path("availableUnits").asLong()).isEqualTo(5);
		assertThat(suggestion.path("inputs").path("dailyDemand").decimalValue()).isEqualByComparingTo("10");
		assertThat(this.prices.current(sku, "ALL", "CNY").orElseThrow().sellingPriceMinor())
			.as("a suggestion changes nothing")
			.isEqualTo(10000);
		String decisionId = suggestion.path("decisionId").asString();
		assertThat(call("GET", "/admin/promotions/repricing/suggestions", this.viewer, null).body())
			.contains(decisionId);

		assertThat(
				call("POST", "/admin/promotions/repricing/suggestions/" + decisionId + "/approval", this.viewer, null)
					.statusCode())
			.as("viewers cannot approve")
			.isEqualTo(403);
		HttpResponse<String> approved = call("POST",
				"/admin/promotions/repricing/suggestions/" + decisionId + "/approval", this.manager, null);
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
		assertThat(read(approved).path("outcome").asString()).isEqualTo("APPROVED");
		assertThat(read(approved).path("reviewedBy").asString()).isEqualTo("ops-1");
		assertThat(this.prices.current(sku, "ALL", "CNY").orElseThrow().sellingPriceMinor()).isEqualTo(10500);
		assertThat(
				call("POST", "/admin/promotions/repricing/suggestions/" + decisionId + "/approval", this.manager, null)
					.body())
			.contains("suggestion-not-pending");

		// A global kill switch holds the next decision, audited with the guardrail's
		// name.
		assertThat(call("PUT", "/admin/promotions/repricing/kill-switches/GLOBAL", this.manager,
				"{\"engaged\": true, \"reason\": \"test\"}")
			.statusCode()).isEqualTo(200);
		try {
			JsonNode held = read(
					call("POST", "/admin/promotions/repricing/rules/" + rule + "/evaluation", this.manager, null))
				.path(0);
			assertThat(held.path("outcome").asString()).isEqualTo("HELD");
			assertThat(held.path("heldBy").asString()).isEqualTo("KILL_SWITCH");
			assertThat(held.path("reason").asString()).contains("held by guardrail KILL_SWITCH");
		}
		finally {
			call("PUT", "/admin/promotions/repricing/kill-switches/GLOBAL", this.manager, "{\"engaged\": false}");
		}
		assertThat(this.prices.current(sku, "ALL", "CNY").orElseThrow().sellingPriceMinor()).isEqualTo(10500);

		int audited = count("select count(*) from repricing_decision where rule_id = ?", rule);
		HttpResponse<String> replay = call("POST", "/admin/promotions/repricing/rules/" + rule + "/replay",
				this.manager, """
						{"from": "%s", "to": "%s", "stepMinutes": 30}""".formatted(now.minus(4, ChronoUnit.HOURS),
						now));
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		JsonNode steps = read(replay).path("steps");
		assertThat(steps).hasSize(9);
		assertThat(steps.path(0).path("inputs").path("availableUnits").isNull()).as("no stock known 4 hours ago")
			.isTrue();
		assertThat(steps.path(0).path("outcome").asString()).isEqualTo("UNCHANGED");
		assertThat(steps.valueStream().map((step) -> step.path("outcome").asString()))
			.as("once the stock is known the rule would have suggested moves")
			.contains("WOULD_SUGGEST");
		assertThat(this.prices.current(sku, "ALL", "CNY").orElseThrow().sellingPriceMinor())
			.as("a replay applies nothing")
			.isEqualTo(10500);
		assertThat(count("select count(*) from repricing_decision where rule_id = ?", rule)).as("and audits nothing")
			.isEqualTo(audited);
		assertThat(call("POST", "/admin/promotions/repricing/rules/nope-" + suffix + "/replay", this.manager, """
				{"from": "%s", "to": "%s"}""".formatted(now.minus(1, ChronoUnit.HOURS), now)).statusCode())
			.isEqualTo(404);
	}

	@Test
	void anAutoRuleAppliesDirectlyUnlessACampaignGuaranteesThePrice() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String sku = "SCARF-" + suffix;
		String rule = "clear-" + suffix;
		this.prices.set(new PriceLists.PriceCommand(sku, "ALL", "CNY", 5000, 5000, null, null, PriceLists.Source.ADMIN,
				"test price"), "ops-1", false);
		// 400 free units and no orders: unbounded cover, the rule lowers the price.
		EventFixtures.send("concord.inventory.events.v1", OutgoingEvent.of("concord.inventory.StockChanged", sku, """
				{"sku": "%s", "onHand": 400, "reserved": 0, "available": 400, "availableByChannel": {},
				 "changedAt": "%s"}""".formatted(sku, Instant.now().minus(1, ChronoUnit.HOURS))));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> count("select count(*) from repricing_stock where sku = ?", sku) == 1);
		call("PUT", "/admin/promotions/repricing/costs/" + sku, this.manager,
				"{\"currency\": \"CNY\", \"costMinor\": 3000}");
		assertThat(call("PUT", "/admin/promotions/repricing/rules/" + rule, this.manager, """
				{"name": "Clear slow scarves", "scopeKind": "SKU", "scopeValue": "%s", "channel": "ALL",
				 "currency": "CNY", "mode": "AUTO", "lowCoverDays": 5, "highCoverDays": 30, "coverStepPercent": 4,
				 "limits": {"minMarginPercent": 20, "ceilingMinor": 8000, "maxStepPercent": 10,
				            "maxDailyMovePercent": 20}}""".formatted(sku)).statusCode()).isEqualTo(200);
		HttpResponse<String> guarantee = call("POST", "/admin/promotions/repricing/guarantees", this.manager, """
				{"scopeKind": "SKU", "scopeValue": "%s", "campaignId": "D12-%s", "startsAt": "%s", "endsAt": "%s"}"""
			.formatted(sku, suffix, Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(1, ChronoUnit.DAYS)));
		assertThat(guarantee.statusCode()).as(guarantee.body()).isEqualTo(201);

		JsonNode held = read(
				call("POST", "/admin/promotions/repricing/rules/" + rule + "/evaluation", this.manager, null))
			.path(0);
		assertThat(held.path("outcome").asString()).isEqualTo("HELD");
		assertThat(held.path("heldBy").asString()).isEqualTo("PRICE_GUARANTEE");
		assertThat(this.prices.current(sku, "ALL", "CNY").orElseThrow().sellingPriceMinor()).isEqualTo(5000);

		assertThat(call("DELETE",
				"/admin/promotions/repricing/guarantees/" + read(guarantee).path("guaranteeId").asString(),
				this.manager, null)
			.statusCode()).isEqualTo(204);
		JsonNode applied = read(
				call("POST", "/admin/promotions/repricing/rules/" + rule + "/evaluation", this.manager, null))
			.path(0);
		assertThat(applied.path("outcome").asString()).as(applied.toString()).isEqualTo("APPLIED");
		assertThat(applied.path("finalPriceMinor").asLong()).isEqualTo(4800);
		assertThat(applied.path("reason").asString()).contains("unbounded");
		assertThat(this.prices.current(sku, "ALL", "CNY").orElseThrow().sellingPriceMinor()).isEqualTo(4800);
		assertThat(call("GET", "/admin/promotions/repricing/decisions?ruleId=" + rule, this.viewer, null).body())
			.contains("PRICE_GUARANTEE", "APPLIED");
	}

	private int count(String sql, String arg) {
		return this.jdbc.queryForObject(sql, Integer.class, arg);
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
