package io.concord.fulfillment.ordering;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Payment callbacks (findings M1 and L2): no simulated provider outside the dev tools,
 * and a provider's callback counts only when it is signed for this time and path, fits
 * the size limit and says what the partner API says.
 */
class PaymentCallbackSecurityIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// The simulated provider's public development secret (application.yml and
	// .env.example before M1).
	private static final String PUBLIC_DEV_SECRET = "simulated-provider-local-dev-only";

	@LocalServerPort
	int port;

	@Autowired
	OrderPlacement placement;

	@Autowired
	Orders orders;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("M1: without the dev tools a correctly signed 'simulated' payment finds no provider (404) and pays nothing")
	void m1_aCorrectlySignedSimulatedPaymentFindsNoProviderWithoutTheDevTools() {
		Orders.Order order = pendingOrder();
		String body = callback(order, "SIM-" + order.orderId(), order.payableMinor());
		String path = "/webhooks/payments/simulated";
		// Signed as the exploit signs it, with the scheme before L2 and with today's.
		HttpResponse<String> oldScheme = SignedCallbacks.postWithSignature(base(), path, body,
				"sha256=" + hmacOfBody(PUBLIC_DEV_SECRET, body));
		HttpResponse<String> newScheme = SignedCallbacks.post(base(), path, body, PUBLIC_DEV_SECRET);
		for (HttpResponse<String> answer : List.of(newScheme, oldScheme)) {
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(JSON.readTree(answer.body()).path("type").asString())
				.isEqualTo("https://concord.dev/problems/not-found");
		}
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(this.jdbc.queryForObject("select count(*) from payment where order_id = ?", Integer.class,
				order.orderId()))
			.isZero();
	}

	@Test
	@DisplayName("M1: a 'simulated' provider in configuration stops the service from starting")
	void m1_aSimulatedProviderInConfigurationStopsTheServiceFromStarting() {
		assertThatThrownBy(() -> new Payments(
				new Payments.Providers(Map.of("simulated", new Payments.Providers.Provider(PUBLIC_DEV_SECRET))),
				List.of(), null, null, this.jdbc, null, null, null, null))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("dev-tools");
	}

	@Test
	@DisplayName("L2: a payment callback replayed outside the 5-minute window is refused (401 stale-signature) and pays nothing")
	void l2_aPaymentCallbackReplayedOutsideTheWindowIsRefusedAndPaysNothing() {
		Orders.Order order = pendingOrder();
		String path = "/webhooks/payments/" + PAYMENT_PROVIDER;
		String body = callback(order, "TXN-" + order.orderId(), order.payableMinor());
		for (long offset : new long[] { -6 * 60, 6 * 60 }) {
			HttpResponse<String> replayed = SignedCallbacks.postWithSignature(base(), path, body,
					SignedCallbacks.sign(PAYMENT_SECRET, path, body, offset));
			assertProblem(replayed, 401, "stale-signature");
		}
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);

		// Inside the window a repeated callback stays harmless: one payment per
		// transaction.
		String signature = SignedCallbacks.sign(PAYMENT_SECRET, path, body, -60);
		assertThat(JSON.readTree(SignedCallbacks.postWithSignature(base(), path, body, signature).body())
			.path("outcome")
			.asString()).isEqualTo("APPLIED");
		assertThat(JSON.readTree(SignedCallbacks.postWithSignature(base(), path, body, signature).body())
			.path("duplicate")
			.asBoolean()).isTrue();
		assertThat(
				this.jdbc.queryForObject("select count(*) from order_transition where order_id = ? and action = 'PAY'",
						Integer.class, order.orderId()))
			.isEqualTo(1);
	}

	@Test
	@DisplayName("L2: a payment callback signed for another provider's path is refused (401)")
	void l2_aPaymentCallbackSignedForAnotherPathIsRefused() {
		Orders.Order order = pendingOrder();
		String body = callback(order, "TXN-" + order.orderId(), order.payableMinor());
		HttpResponse<String> swapped = SignedCallbacks.postWithSignature(base(),
				"/webhooks/payments/" + PAYMENT_PROVIDER, body,
				SignedCallbacks.sign(PAYMENT_SECRET, "/webhooks/payments/other", body, 0));
		assertProblem(swapped, 401, "invalid-signature");
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
	}

	@Test
	@DisplayName("L2: a signed payment callback with invalid fields is refused (422 listing them)")
	void l2_aSignedPaymentCallbackWithInvalidFieldsIsRefusedListingThem() {
		Orders.Order order = pendingOrder();
		String body = """
				{"transactionId": "", "orderId": "%s", "amountMinor": -1, "currency": "cny", "status": "SUCCEEDED"}"""
			.formatted(order.orderId());
		HttpResponse<String> invalid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, body,
				PAYMENT_SECRET);
		assertProblem(invalid, 422, "invalid-webhook");
		assertThat(JSON.readTree(invalid.body()).path("errors").findValuesAsString("field"))
			.containsExactlyInAnyOrder("amountMinor", "currency", "transactionId");
		assertProblem(
				SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, "not json", PAYMENT_SECRET), 422,
				"invalid-webhook");
		assertThat(this.orders.get(order.orderId()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
	}

	@Test
	@DisplayName("L2: a callback body over the limit is refused before it is verified (413)")
	void l2_aCallbackBodyOverTheLimitIsRefusedBeforeItIsVerified() {
		String huge = "{\"transactionId\": \"" + "x".repeat(200 * 1024) + "\"}";
		assertProblem(SignedCallbacks.postWithSignature(base(), "/webhooks/payments/" + PAYMENT_PROVIDER, huge, null),
				413, "content-too-large");
	}

	private Orders.Order pendingOrder() {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", 5000, "CNY", false, null));
		return this.placement.place(UUID.randomUUID(), "checkout-" + UUID.randomUUID(),
				new OrderPlacement.PlaceOrder("APP", List.of(new Partners.StockLine(sku, 1)),
						JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH", null, false, 0));
	}

	private static String callback(Orders.Order order, String transactionId, long amount) {
		return """
				{"transactionId": "%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
			.formatted(transactionId, order.orderId(), amount);
	}

	private static String hmacOfBody(String secret, String body) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertProblem(HttpResponse<String> answer, int status, String type) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/" + type);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
