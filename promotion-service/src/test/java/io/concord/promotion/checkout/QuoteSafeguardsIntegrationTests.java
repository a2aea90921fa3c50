package io.concord.promotion.checkout;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.ProblemException;
import io.concord.promotion.PromotionFixtures;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.pricing.CartLine;
import io.concord.promotion.pricing.Offer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a quote trusts and what it refuses: the channel comes from the member's token (a
 * guest may quote open channels only), amounts are bounded and added exactly, and a body
 * is read no further than the service's limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuoteSafeguardsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long MAX_AMOUNT = 1_000_000_000_00L;

	@LocalServerPort
	int port;

	@Autowired
	Campaigns campaigns;

	@Autowired
	PromotionCatalog catalog;

	@Autowired
	OrderPromotions orders;

	@Test
	@DisplayName("M8: an app member cannot quote the livestream's channel-only price, with or without naming it")
	void m8_anAppMemberCannotDrawALivestreamOnlyPromotion() {
		String sku = "LIVE-" + UUID.randomUUID().toString().substring(0, 8);
		PromotionFixtures fixtures = new PromotionFixtures(this.campaigns, this.catalog);
		String livestreamOnly = fixtures
			.automatic(fixtures.runningCampaign(), Offer.Kind.AMOUNT_OFF, Offer.StackingGroup.ORDER,
					Offer.Rule.amountOff(3000, 0), null,
					new Offer.Scope(Set.of(sku), Set.of(), Set.of(), Set.of("LIVESTREAM"), Set.of(), Set.of(), false))
			.id();
		String app = TestIssuers.get().memberToken(UUID.randomUUID(), "APP");
		String livestream = TestIssuers.get().memberToken(UUID.randomUUID(), "LIVESTREAM");

		HttpResponse<String> refused = quote(app, cart("\"channel\": \"LIVESTREAM\",", sku, 0));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(read(refused).path("type").asString())
			.isEqualTo("https://concord.dev/problems/channel-not-permitted");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");

		JsonNode appPrice = read(quote(app, cart("", sku, 0)));
		assertThat(appPrice.path("discountMinor").asLong()).as("the app's price, without the livestream's").isZero();
		assertThat(appPrice.path("considered"))
			.filteredOn((considered) -> considered.path("promotionId").asString().equals(livestreamOnly))
			.singleElement()
			.satisfies(
					(considered) -> assertThat(considered.path("reason").asString()).isEqualTo("CHANNEL_NOT_ELIGIBLE"));
		JsonNode livePrice = read(quote(livestream, cart("", sku, 0)));
		assertThat(livePrice.path("discountMinor").asLong()).as("a livestream member gets it").isEqualTo(3000);
		assertThat(read(quote(livestream, cart("\"channel\": \"LIVESTREAM\",", sku, 0))).path("discountMinor").asLong())
			.isEqualTo(3000);
	}

	@Test
	@DisplayName("M8: a guest may quote only an open channel, and must name it")
	void m8_aGuestQuotesOpenChannelsOnly() {
		String sku = "GUEST-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(quote(null, cart("\"channel\": \"LIVESTREAM\",", sku, 0)).statusCode()).isEqualTo(403);
		assertThat(quote(null, cart("\"channel\": \"WEB\",", sku, 0)).statusCode()).isEqualTo(200);
		HttpResponse<String> unnamed = quote(null, cart("", sku, 0));
		assertThat(unnamed.statusCode()).isEqualTo(400);
		assertThat(unnamed.body()).contains("https://concord.dev/problems/validation", "channel");
		String staff = TestIssuers.get().staffToken("ops-1", "ops-viewer");
		assertThat(quote(staff, cart("\"channel\": \"LIVESTREAM\",", sku, 0)).statusCode())
			.as("staff preview any channel's prices")
			.isEqualTo(200);
	}

	// The order flow took the channel from the member's token: its lock must name it.
	@Test
	void theOrderFlowsLockMustNameTheChannel() {
		String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");
		String lock = """
				{"orderId": "ORD-%s", "memberId": "%s", "cart": {"currency": "CNY",
				 "lines": [{"sku": "NO-CHANNEL", "quantity": 1, "unitPriceMinor": 100}]}}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID());
		HttpResponse<String> refused = TestHttp.call(base(), "POST", "/internal/promotions/orders", orderFlow, lock);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("cart.channel");
	}

	@Test
	@DisplayName("L4: a shipping fee too large to add up is refused with 400, never priced as a negative payable")
	void l4_anOverflowingShippingFeeIsRefusedNotWrapped() {
		String sku = "HUGE-" + UUID.randomUUID().toString().substring(0, 8);
		for (long fee : new long[] { Long.MAX_VALUE, Long.MAX_VALUE - 19_900, MAX_AMOUNT + 1 }) {
			HttpResponse<String> refused = quote(null, cart("\"channel\": \"APP\",", sku, fee));
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(refused.body()).contains("https://concord.dev/problems/validation", "shippingFeeMinor");
		}
	}

	@Test
	@DisplayName("L4: the largest cart the API takes prices exactly, and the engine refuses what it cannot add (422)")
	void l4_theLargestCartPricesExactlyAndAnythingLargerIsUnprocessable() {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 200; i++) {
			lines.append((i > 0) ? "," : "")
				.append("{\"sku\": \"MAX-")
				.append(i)
				.append("\", \"quantity\": 10000, \"unitPriceMinor\": ")
				.append(MAX_AMOUNT)
				.append('}');
		}
		HttpResponse<String> largest = quote(null, """
				{"channel": "APP", "currency": "CNY", "shippingFeeMinor": %d, "lines": [%s]}""".formatted(MAX_AMOUNT,
				lines));
		assertThat(largest.statusCode()).as(largest.body()).isEqualTo(200);
		JsonNode price = read(largest);
		assertThat(price.path("subtotalMinor").asLong()).isEqualTo(200L * 10_000 * MAX_AMOUNT);
		assertThat(price.path("payableMinor").asLong()).isPositive()
			.isEqualTo(price.path("subtotalMinor").asLong() - price.path("discountMinor").asLong() + MAX_AMOUNT
					- price.path("shippingDiscountMinor").asLong());

		List<CartLine> cart = List.of(new CartLine("X", 10_000, MAX_AMOUNT, null, null));
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.orders
				.quote(new OrderPromotions.CartRequest(null, "APP", "CNY", cart, Long.MAX_VALUE, false, null)))
			.satisfies((refused) -> {
				assertThat(refused.status().value()).isEqualTo(422);
				assertThat(refused.typeName()).isEqualTo("amount-out-of-range");
			});
	}

	@Test
	// 1.5 MB: within server.tomcat.max-swallow-size past the limit, so the answer always
	// arrives
	// before Tomcat closes the connection (far larger bodies are cut off:
	// WebConventionsIntegrationTests).
	@DisplayName("M4: a chunked 1.5 MB quote is refused with 413 once it passes 1 MB, and the service stays healthy")
	void m4_aChunkedQuoteOverOneMegabyteAnswers413AndTheServiceStaysHealthy() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		InputStream body = new SequenceInputStream(
				new java.io.ByteArrayInputStream(
						"{\"channel\": \"APP\", \"currency\": \"CNY\", \"lines\": [".getBytes(StandardCharsets.UTF_8)),
				new InputStream() {

					private long left = 1536L * 1024;

					@Override
					public int read() {
						return (this.left-- > 0) ? ' ' : -1;
					}

				});
		HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/promotions/quote"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
		assertThat(read(refused).path("type").asString()).isEqualTo("https://concord.dev/problems/content-too-large");
		assertThat(TestHttp.call(base(), "GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
		assertThat(quote(null, cart("\"channel\": \"APP\",", "AFTER", 0)).statusCode()).isEqualTo(200);
	}

	private static String cart(String channel, String sku, long shippingFee) {
		return """
				{%s "currency": "CNY", "shippingFeeMinor": %d,
				 "lines": [{"sku": "%s", "quantity": 2, "unitPriceMinor": 19900}]}""".formatted(channel, shippingFee,
				sku);
	}

	private HttpResponse<String> quote(String token, String json) {
		return TestHttp.call(base(), "POST", "/api/promotions/quote", token, json);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
