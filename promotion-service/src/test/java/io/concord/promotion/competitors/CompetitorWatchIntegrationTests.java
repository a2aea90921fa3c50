package io.concord.promotion.competitors;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.WebhookSignatures;
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
 * Competitor watch end to end on the real database and broker: a signed observation below
 * our price raises one alert (and its event) per SKU and source, an unsigned or wrongly
 * signed one is refused with nothing stored, unmapped products are kept, and an
 * observation delivered twice on the partner topic is stored once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompetitorWatchIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PARTNER_TOPIC = "concord.partner.competitor-prices.v1";

	@LocalServerPort
	int port;

	@Autowired
	PriceLists prices;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private final String viewer = TestIssuers.get().staffToken("ops-2", "ops-viewer");

	@Test
	void aSignedObservationBelowOurPriceRaisesOneAlertAndAnUnsignedOneIsRefused() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String source = "watch-" + suffix;
		String sku = "JACKET-" + suffix;
		String secret = "competitor-secret-" + suffix;
		this.prices.set(new PriceLists.PriceCommand(sku, "ALL", "CNY", 59900, 49900, null, null,
				PriceLists.Source.ADMIN, "test price"), "ops-1", false);
		HttpResponse<String> saved = call("PUT", "/admin/promotions/competitors/sources/" + source, this.manager, """
				{"name": "JD price watch", "webhookSecret": "%s", "undercutThresholdPercent": 5}""".formatted(secret));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		assertThat(saved.body()).doesNotContain(secret);
		assertThat(call("PUT", "/admin/promotions/competitors/sources/" + source + "/mappings/JD-" + suffix,
				this.manager, "{\"sku\": \"%s\"}".formatted(sku))
			.statusCode()).isEqualTo(200);
		assertThat(call("PUT", "/admin/promotions/competitors/sources/" + source + "/mappings/JD-" + suffix,
				this.viewer, "{\"sku\": \"%s\"}".formatted(sku))
			.statusCode()).as("viewers only read").isEqualTo(403);

		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.promotion.events.v1")) {
			String path = "/webhooks/competitors/" + source + "/observations";
			String body = batch(observation("JD-" + suffix, 45900, true),
					observation("JD-UNMAPPED-" + suffix, 100, true));
			HttpResponse<String> unsigned = TestHttp.call(base(), "POST", path, null, body);
			assertThat(unsigned.statusCode()).isEqualTo(401);
			assertThat(unsigned.body()).contains("invalid-signature");
			HttpResponse<String> forged = post(path, "some-other-secret-of-16", body);
			assertThat(forged.statusCode()).isEqualTo(401);
			assertThat(observations(source)).as("nothing stored from a refused call").isZero();

			HttpResponse<String> accepted = post(path, secret, body);
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
			assertThat(read(accepted).path("observations").asInt()).isEqualTo(2);
			assertThat(read(accepted).path("unmapped").asInt()).isEqualTo(1);
			assertThat(read(accepted).path("alertsOpened").asInt()).isEqualTo(1);

			// 8.01% below 49900 > 5%: an alert; a second undercut refreshes it, no second
			// one.
			HttpResponse<String> again = post(path, secret, batch(observation("JD-" + suffix, 44900, true)));
			assertThat(read(again).path("alertsOpened").asInt()).isZero();
			assertThat(this.jdbc.queryForObject(
					"select count(*) from competitor_alert where sku = ? and source_id = ? and status = 'OPEN'",
					Integer.class, sku, source))
				.isEqualTo(1);

			List<ReceivedEvent> undercuts = events
				.await((e) -> "concord.promotion.CompetitorUndercut".equals(e.type()) && sku.equals(e.subject()), 1);
			EventContracts.assertConforms(undercuts.get(0));
			assertThat(undercuts.get(0).data().path("ourPriceMinor").asLong()).isEqualTo(49900);
			assertThat(undercuts.get(0).data().path("competitorPriceMinor").asLong()).isEqualTo(45900);
			assertThat(undercuts.get(0).data().path("undercutPercent").decimalValue()).isEqualByComparingTo("8.01");
		}

		HttpResponse<String> alerts = call("GET", "/admin/promotions/competitors/alerts", this.viewer, null);
		assertThat(alerts.statusCode()).isEqualTo(200);
		JsonNode alert = null;
		for (JsonNode candidate : read(alerts)) {
			if (sku.equals(candidate.path("sku").asString())) {
				alert = candidate;
			}
		}
		assertThat(alert).as(alerts.body()).isNotNull();
		assertThat(alert.path("competitorPriceMinor").asLong()).as("refreshed by the latest").isEqualTo(44900);

		JsonNode view = read(call("GET", "/admin/promotions/competitors/" + sku, this.viewer, null));
		assertThat(view.path("latest")).hasSize(1);
		assertThat(view.path("latest").path(0).path("priceMinor").asLong()).isEqualTo(44900);
		assertThat(view.path("history")).hasSize(2);
		assertThat(call("GET", "/admin/promotions/competitors/unmapped", this.viewer, null).body())
			.contains("JD-UNMAPPED-" + suffix);

		// Back above the threshold: the alert resolves itself.
		post("/webhooks/competitors/" + source + "/observations", secret,
				batch(observation("JD-" + suffix, 49000, true)));
		assertThat(this.jdbc.queryForObject(
				"select status from competitor_alert where sku = ? and source_id = ? order by opened_at desc limit 1",
				String.class, sku, source))
			.isEqualTo("RESOLVED");
		assertThat(call("GET", "/admin/promotions/competitors/alerts", null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void anObservationTimedToTheNanosecondRaisesItsAlert() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String source = "nanos-" + suffix;
		String sku = "SCARF-" + suffix;
		String secret = "competitor-secret-" + suffix;
		this.prices.set(new PriceLists.PriceCommand(sku, "ALL", "CNY", 19900, 19900, null, null,
				PriceLists.Source.ADMIN, "test price"), "ops-1", false);
		call("PUT", "/admin/promotions/competitors/sources/" + source, this.manager,
				"{\"name\": \"Feed\", \"webhookSecret\": \"%s\"}".formatted(secret));
		call("PUT", "/admin/promotions/competitors/sources/" + source + "/mappings/JD-" + suffix, this.manager,
				"{\"sku\": \"%s\"}".formatted(sku));
		// .999999999 rounds up to the next second in PostgreSQL's microseconds.
		String observedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusNanos(1).toString();
		HttpResponse<String> accepted = post("/webhooks/competitors/" + source + "/observations", secret, """
				{"observations": [{"competitorProductId": "JD-%s", "priceMinor": 16900, "currency": "CNY",
				 "inStock": true, "observedAt": "%s"}]}""".formatted(suffix, observedAt));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		assertThat(read(accepted).path("alertsOpened").asInt()).as(observedAt).isEqualTo(1);
	}

	@Test
	void anObservationDeliveredTwiceOnThePartnerTopicIsStoredOnce() {
		String product = "TM-" + UUID.randomUUID().toString().substring(0, 8);
		OutgoingEvent observed = observedEvent(product, 45900);
		EventFixtures.send(PARTNER_TOPIC, observed);
		EventFixtures.send(PARTNER_TOPIC, observed);
		// Same key, same partition: once the marker is stored, both copies were handled.
		OutgoingEvent marker = observedEvent(product, 46900);
		EventFixtures.send(PARTNER_TOPIC, marker);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from competitor_observation where competitor_product_id = ? and price_minor = 46900",
					Integer.class, product) == 1);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from competitor_observation where competitor_product_id = ? and price_minor = 45900",
				Integer.class, product))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select channel from competitor_observation where competitor_product_id = ? limit 1", String.class,
				product))
			.isEqualTo("KAFKA");
		assertThat(this.jdbc.queryForObject("select count(*) from dead_letter where record_key = ?", Integer.class,
				product))
			.isZero();
	}

	private static OutgoingEvent observedEvent(String product, long price) {
		return OutgoingEvent.of("concord.partner.CompetitorPriceObserved", product, """
				{"sourceId": "tmall-feed", "competitorProductId": "%s", "priceMinor": %d, "currency": "CNY",
				 "inStock": true, "observedAt": "%s"}""".formatted(product, price, Instant.now()));
	}

	private static String batch(String... observations) {
		return "{\"observations\": [" + String.join(",", observations) + "]}";
	}

	private static String observation(String product, long price, boolean inStock) {
		return """
				{"competitorProductId": "%s", "priceMinor": %d, "currency": "CNY", "inStock": %s, "observedAt": "%s"}"""
			.formatted(product, price, inStock, Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	private HttpResponse<String> post(String path, String secret, String body) {
		String signature = WebhookSignatures.sign(secret, Instant.now().getEpochSecond(), "POST", path,
				body.getBytes(StandardCharsets.UTF_8));
		return TestHttp.call(base(), "POST", path, null, body, Map.of(WebhookSignatures.HEADER, signature));
	}

	private int observations(String source) {
		return this.jdbc.queryForObject("select count(*) from competitor_observation where source_id = ?",
				Integer.class, source);
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
