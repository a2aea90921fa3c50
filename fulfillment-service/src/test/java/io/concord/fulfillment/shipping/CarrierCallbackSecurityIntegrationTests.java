package io.concord.fulfillment.shipping;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Carrier callbacks (finding L2): only active carriers are heard, a callback's fields are
 * bounded, and carriers' secrets are stored sealed. Each test ships a parcel abroad,
 * where only its own carrier has a rate, so it gets a parcel of its own.
 */
class CarrierCallbackSecurityIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Shipments shipments;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	@DisplayName("L2: a deactivated carrier's correctly signed tracking callback is refused (404) and changes nothing")
	void l2_aDeactivatedCarriersCorrectlySignedCallbackIsRefusedAndChangesNothing() {
		String carrier = code();
		String secret = "deactivated-carrier-secret-" + carrier;
		saveCarrier(carrier, secret, true);
		Shipments.Shipment parcel = parcelWith(carrier);
		saveCarrier(carrier, secret, false);

		HttpResponse<String> refused = track(carrier, secret, parcel.trackingNumber(), "PICKED_UP", null);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
		assertThat(JSON.readTree(refused.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/not-found");
		assertThat(this.shipments.ofOrder(parcel.orderId())).singleElement()
			.satisfies((p) -> assertThat(p.status()).isEqualTo("CREATED"));
		assertThat(this.jdbc.queryForObject("select count(*) from carrier_event where carrier_code = ?", Integer.class,
				carrier))
			.isZero();

		saveCarrier(carrier, secret, true);
		assertThat(track(carrier, secret, parcel.trackingNumber(), "PICKED_UP", null).statusCode())
			.as("heard again once active")
			.isEqualTo(200);
	}

	@Test
	@DisplayName("L2: a carrier callback with a detail over 200 characters is refused (422 naming it) and changes nothing")
	void l2_aCarrierCallbackWithAnUnboundedDetailIsRefusedNamingIt() {
		String carrier = code();
		String secret = "bounded-carrier-secret-" + carrier;
		saveCarrier(carrier, secret, true);
		Shipments.Shipment parcel = parcelWith(carrier);

		HttpResponse<String> refused = track(carrier, secret, parcel.trackingNumber(), "EXCEPTION", "x".repeat(201));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/invalid-webhook");
		assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("detail");
		assertThat(this.shipments.ofOrder(parcel.orderId())).singleElement()
			.satisfies((p) -> assertThat(p.exception()).isNull());
		assertThat(track(carrier, secret, parcel.trackingNumber(), "EXCEPTION", "x".repeat(200)).statusCode())
			.isEqualTo(200);
	}

	@Test
	@DisplayName("L2: carrier webhook secrets are stored sealed, bound to their carrier")
	void l2_carrierWebhookSecretsAreStoredSealed() {
		String carrier = code();
		String secret = "sealed-carrier-secret-" + carrier;
		saveCarrier(carrier, secret, true);
		String stored = this.jdbc.queryForObject("select webhook_secret from carrier where code = ?", String.class,
				carrier);
		assertThat(stored).startsWith("enc:local-dev-only:").doesNotContain(secret);
		assertThat(this.jdbc.queryForObject("select c::text from carrier c where code = ?", String.class, carrier))
			.doesNotContain(secret);
		assertThat(this.shipments.secretOf(carrier)).hasValue(secret);
	}

	private Shipments.Shipment parcelWith(String carrier) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "HOME", "ACME", 4900, "CNY", false, null));
		HttpResponse<String> placed = TestHttp.call(base(), "POST", "/api/orders",
				TestIssuers.get().memberToken(UUID.randomUUID()), """
						{"channel": "APP", "lines": [{"sku": "%s", "quantity": 1}],
						 "shippingAddress": {"name": "Ada", "phone": "+12125550100", "region": "US-NY",
						   "city": "New York", "line1": "1 Broadway"}}""".formatted(sku));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		JsonNode order = JSON.readTree(placed.body());
		String orderId = order.path("orderId").asString();
		HttpResponse<String> paid = SignedCallbacks.post(base(), "/webhooks/payments/" + PAYMENT_PROVIDER,
				"""
						{"transactionId": "TXN-%s", "orderId": "%s", "amountMinor": %d, "currency": "CNY", "status": "SUCCEEDED"}"""
					.formatted(orderId, orderId, order.path("payableMinor").asLong()),
				PAYMENT_SECRET);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
		List<Shipments.Shipment> parcels = this.shipments.ofOrder(orderId);
		assertThat(parcels).singleElement().satisfies((p) -> assertThat(p.carrierCode()).isEqualTo(carrier));
		return parcels.get(0);
	}

	private HttpResponse<String> track(String carrier, String secret, String trackingNumber, String status,
			String detail) {
		String body = """
				{"eventId": "%s", "trackingNumber": "%s", "status": "%s", "occurredAt": "2026-11-29T01:00:00Z"%s}"""
			.formatted(UUID.randomUUID(), trackingNumber, status,
					(detail != null) ? ", \"detail\": \"" + detail + "\"" : "");
		return SignedCallbacks.post(base(), "/webhooks/carriers/" + carrier, body, secret);
	}

	// Abroad (zone INTERNATIONAL), where no other test's carrier has a rate; an earlier
	// carrier of this class is deactivated first, so the new one gets the parcel.
	private void saveCarrier(String code, String secret, boolean active) {
		if (active) {
			this.jdbc.update("update carrier set active = false where code <> ? and code in "
					+ "(select carrier_code from carrier_rate where zone = 'INTERNATIONAL')", code);
		}
		HttpResponse<String> saved = TestHttp.call(base(), "PUT", "/admin/fulfillment/carriers/" + code, this.manager,
				"""
						{"name": "Far Away Freight", "webhookSecret": "%s", "active": %s, "rates": [
						  {"serviceLevel": "STANDARD", "zone": "INTERNATIONAL", "costMinor": 100, "transitHours": 48}]}"""
					.formatted(secret, active));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

	private static String code() {
		return "FAR" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
