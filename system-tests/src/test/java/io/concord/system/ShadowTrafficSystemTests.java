package io.concord.system;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.local.DevMembers;
import io.concord.local.LocalStack;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shadow traffic on the whole stack, through the gateway (docs/ARCHITECTURE.md, ADR-25):
 * a load-test run prepares its own stock and product, registers its own shopper, places
 * and pays one order and cancels another. None of it reaches real numbers or real topics:
 * operations KPIs, demand history and the member's points are unchanged, the real topics
 * carry nothing of it while the shadow topics carry all of it; the purge removes the
 * run's rows in every service. A tagged request without the load-test credential is
 * refused. (With load testing switched off the gateway and each service refuse tagged
 * requests: ShadowTrafficSwitchedOffGatewayTests, the platform's TestRunFilter tests.)
 */
class ShadowTrafficSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TEST_RUN = "X-Concord-Test-Run";

	private static final String CREDENTIAL = "X-Concord-Test-Run-Credential";

	private static final List<String> REAL_TOPICS = List.of("concord.fulfillment.events.v1",
			"concord.inventory.events.v1", "concord.promotion.events.v1", "concord.member.events.v1");

	@Test
	void aTaggedCheckoutLeavesNoTraceAndIsPurged() {
		LocalStack stack = SystemStack.get();
		String gateway = stack.gatewayUrl();
		String run = "sys-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> shadow = Map.of(TEST_RUN, run, CREDENTIAL, stack.staffToken("load-test"));
		String manager = stack.staffToken("ops-manager");
		String viewer = stack.staffToken("ops-viewer");
		String kafka = stack.kafka().bootstrapServers();
		Instant since = Instant.now().truncatedTo(ChronoUnit.DAYS);
		long placedBefore = kpis(gateway, viewer, since).path("ordersPlaced").asLong();

		List<PublishedEvents> real = new ArrayList<>();
		REAL_TOPICS.forEach((topic) -> real.add(PublishedEvents.from(kafka, topic)));
		try (PublishedEvents shadowOrders = PublishedEvents.from(kafka, "shadow.concord.fulfillment.events.v1")) {
			// The run's own data, prepared as ops would, tagged.
			String sku = "SHADOW-" + run.toUpperCase();
			String warehouse = "WH-" + sku;
			ok(TestHttp.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager, "{\"name\":\"Shadow scarf\"}",
					shadow));
			ok(TestHttp.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
					"{\"name\":\"Shadow DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\"}", shadow));
			ok(TestHttp.call(gateway, "PUT", "/admin/inventory/channels/APP/locations", manager,
					"{\"locations\":[\"" + warehouse + "\"]}", shadow));
			ok(TestHttp.call(gateway, "POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
					+ "\",\"location\":\"" + warehouse + "\",\"quantity\":50,\"reason\":\"INITIAL_COUNT\"}", shadow));
			ok(TestHttp.call(gateway, "PUT", "/admin/fulfillment/products/" + sku, manager,
					"{\"name\":\"Shadow scarf\",\"unitPriceMinor\":5900,\"currency\":\"CNY\"}", shadow));
			DevMembers.Registered shopper = new DevMembers(gateway, stack.serviceUrl("member-service"),
					stack.staffIssuerUrl(), shadow)
				.register("APP");
			String memberId = JSON
				.readTree(ok(TestHttp.call(gateway, "GET", "/api/members/me", shopper.token(), null, shadow)).body())
				.path("id")
				.asString();

			// One order placed and paid, one placed and cancelled.
			String paid = place(gateway, shopper.token(), sku, shadow);
			Map<String, String> payHeaders = new HashMap<>(shadow);
			payHeaders.remove(CREDENTIAL);
			HttpResponse<String> payment = TestHttp.call(stack.serviceUrl("fulfillment-service"), "POST",
					"/dev/payment-provider/payments", null, "{\"orderId\": \"" + paid + "\"}", payHeaders);
			assertThat(payment.statusCode()).as(payment.body()).isEqualTo(200);
			assertThat(JSON.readTree(payment.body()).path("callbackStatus").asInt()).as(payment.body()).isEqualTo(200);
			String cancelled = place(gateway, shopper.token(), sku, shadow);
			ok(TestHttp.call(gateway, "POST", "/api/orders/" + cancelled + "/cancellation", shopper.token(), "{}",
					shadow));

			// The shadow topic carries the run's order flow, marked with the run.
			List<ReceivedEvent> flow = shadowOrders.await((event) -> paid.equals(event.subject())
					&& event.type().equals("concord.fulfillment.OrderPaid")
					|| cancelled.equals(event.subject()) && event.type().equals("concord.fulfillment.OrderCancelled"),
					2);
			assertThat(flow).allSatisfy((event) -> assertThat(event.attribute("testrun")).isEqualTo(run));

			// Nothing of it on the real topics, nothing in the real numbers.
			for (PublishedEvents topic : real) {
				assertThat(topic.received()).as("real topic events of run " + run)
					.noneMatch((event) -> event.attribute("testrun") != null
							|| mentions(event, run, sku, paid, cancelled, memberId));
			}
			assertThat(kpis(gateway, viewer, since).path("ordersPlaced").asLong()).as("orders placed today")
				.isEqualTo(placedBefore);
			assertThat(ok(TestHttp.call(gateway, "GET", "/admin/inventory/demand/history", viewer, null)).body())
				.as("demand history")
				.doesNotContain(sku);
			JsonNode points = JSON.readTree(
					ok(TestHttp.call(gateway, "GET", "/api/members/me/points", shopper.token(), null, shadow)).body());
			assertThat(points.path("balance").asLong()).as(points.toString()).isZero();

			assertThat(points.path("pending").asLong()).as(points.toString()).isZero();

			// One purge per service removes everything the run wrote.
			String admin = stack.staffToken("admin");
			long total = 0;
			for (String service : List.of("members", "inventory", "promotions", "fulfillment")) {
				JsonNode purged = JSON.readTree(
						ok(TestHttp.call(gateway, "DELETE", "/admin/" + service + "/test-runs/" + run, admin, null))
							.body());
				total += purged.path("total").asLong();
				if (!service.equals("promotions")) {
					assertThat(purged.path("total").asLong()).as(service + ": " + purged).isPositive();
				}
			}
			assertThat(total).isPositive();
			assertThat(TestHttp.call(gateway, "GET", "/admin/fulfillment/orders/" + paid, viewer, null, shadow)
				.statusCode()).as("the run's order after the purge").isEqualTo(404);
			assertThat(TestHttp.call(gateway, "GET", "/admin/inventory/stock/" + sku, viewer, null, shadow).body())
				.as("the run's stock after the purge")
				.isEqualTo("[]");
		}
		finally {
			real.forEach(PublishedEvents::close);
		}
	}

	@Test
	void aTaggedRequestNeedsTheLoadTestCredential() {
		LocalStack stack = SystemStack.get();
		String gateway = stack.gatewayUrl();
		HttpResponse<String> untrusted = TestHttp.call(gateway, "GET", "/api/promotions/campaigns", null, null,
				Map.of(TEST_RUN, "sys-no-credential"));
		assertThat(untrusted.statusCode()).as(untrusted.body()).isEqualTo(403);
		assertThat(untrusted.body()).contains("https://concord.dev/problems/test-run-credential-required");
		HttpResponse<String> wrongRole = TestHttp.call(gateway, "GET", "/api/promotions/campaigns", null, null,
				Map.of(TEST_RUN, "sys-wrong-role", CREDENTIAL, stack.staffToken("admin")));
		assertThat(wrongRole.statusCode()).as(wrongRole.body()).isEqualTo(403);
		assertThat(wrongRole.body()).contains("test-run-credential-required");
		HttpResponse<String> invalid = TestHttp.call(gateway, "GET", "/api/promotions/campaigns", null, null,
				Map.of(TEST_RUN, "Not A Run!", CREDENTIAL, stack.staffToken("load-test")));
		assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
	}

	private static String place(String gateway, String token, String sku, Map<String, String> shadow) {
		HttpResponse<String> placed = TestHttp.call(gateway, "POST", "/api/orders", token,
				"""
						{"channel": "APP", "lines": [{"sku": "%s", "quantity": 1}],
						 "shippingAddress": {"name": "Shadow", "phone": "+8613900000000", "city": "Shanghai", "line1": "1 Bund"}}"""
					.formatted(sku),
				shadow);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return JSON.readTree(placed.body()).path("orderId").asString();
	}

	private static JsonNode kpis(String gateway, String viewer, Instant since) {
		return JSON
			.readTree(ok(TestHttp.call(gateway, "GET", "/admin/fulfillment/kpis?from=" + since, viewer, null)).body());
	}

	private static boolean mentions(ReceivedEvent event, String... values) {
		String text = String.valueOf(event.subject()) + new String(event.payload(), StandardCharsets.UTF_8);
		for (String value : values) {
			if (value != null && !value.isBlank() && text.contains(value)) {
				return true;
			}
		}
		return false;
	}

	private static HttpResponse<String> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
		return response;
	}

}
