package io.concord.fulfillment.supply;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
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
 * Supplier partner calls (finding L2): a signature holds for one purchase order's path
 * and five minutes only, payloads are validated before anything is stored, and suppliers'
 * secrets are stored sealed.
 */
class SupplierCallbackSecurityIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	PurchaseOrders purchaseOrders;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	@DisplayName("L2: a supplier's confirmation of one purchase order, sent to another's path, is refused (401) and confirms nothing")
	void l2_aConfirmationSignedForOnePurchaseOrderCannotConfirmAnother() {
		Supplier supplier = supplier();
		String first = approvedOrder(supplier);
		String second = approvedOrder(supplier);
		String body = confirmation(supplier.sku(), 100, 1000);
		String signedForFirst = SignedCallbacks.sign(supplier.secret(), path(supplier, first, "confirmation"), body, 0);

		HttpResponse<String> swapped = SignedCallbacks.postWithSignature(base(), path(supplier, second, "confirmation"),
				body, signedForFirst);
		assertProblem(swapped, 401, "invalid-signature");
		assertUnconfirmed(second);
		HttpResponse<String> meant = SignedCallbacks.postWithSignature(base(), path(supplier, first, "confirmation"),
				body, signedForFirst);
		assertThat(meant.statusCode()).as(meant.body()).isEqualTo(200);
		assertThat(this.purchaseOrders.find(first).status()).isEqualTo("CONFIRMED");
	}

	@Test
	@DisplayName("L2: a supplier's confirmation replayed outside the 5-minute window is refused (401 stale-signature)")
	void l2_aSupplierCallbackReplayedOutsideTheWindowIsRefused() {
		Supplier supplier = supplier();
		String po = approvedOrder(supplier);
		String path = path(supplier, po, "confirmation");
		String body = confirmation(supplier.sku(), 100, 1000);
		HttpResponse<String> stale = SignedCallbacks.postWithSignature(base(), path, body,
				SignedCallbacks.sign(supplier.secret(), path, body, -6 * 60));
		assertProblem(stale, 401, "stale-signature");
		assertUnconfirmed(po);
	}

	@Test
	@DisplayName("L2: invalid supplier payloads (zero or negative quantities and prices, unknown SKUs, implausible dates) are refused (422 listing the fields) and store nothing")
	void l2_invalidSupplierPayloadsAreRefusedListingTheirFieldsAndStoreNothing() {
		Supplier supplier = supplier();
		String po = approvedOrder(supplier);
		String path = path(supplier, po, "confirmation");

		HttpResponse<String> negative = SignedCallbacks.post(base(), path,
				"{\"lines\": [{\"sku\": \"" + supplier.sku() + "\", \"quantity\": -5, \"unitPriceMinor\": -1}]}",
				supplier.secret());
		assertProblem(negative, 422, "invalid-webhook");
		assertThat(fields(negative)).containsExactlyInAnyOrder("lines[0].quantity", "lines[0].unitPriceMinor");
		HttpResponse<String> zero = SignedCallbacks.post(base(), path, confirmation(supplier.sku(), 0, 1000),
				supplier.secret());
		assertThat(fields(zero)).containsExactly("lines[0].quantity");
		assertThat(fields(SignedCallbacks.post(base(), path, "{\"lines\": []}", supplier.secret())))
			.containsExactly("lines");
		HttpResponse<String> unknown = SignedCallbacks.post(base(), path, """
				{"lines": [{"sku": "%s", "quantity": 5, "unitPriceMinor": 900},
				           {"sku": "NOT-ON-THE-ORDER", "quantity": 5, "unitPriceMinor": 900},
				           {"sku": "%s", "quantity": 1, "unitPriceMinor": 900}]}""".formatted(supplier.sku(),
				supplier.sku()), supplier.secret());
		assertProblem(unknown, 422, "invalid-webhook");
		assertThat(fields(unknown)).containsExactly("lines[1].sku", "lines[2].sku");
		assertUnconfirmed(po);

		assertThat(SignedCallbacks.post(base(), path, confirmation(supplier.sku(), 100, 1000), supplier.secret())
			.statusCode()).isEqualTo(200);
		String notice = path(supplier, po, "shipping-notice");
		HttpResponse<String> farAway = SignedCallbacks.post(base(), notice,
				"""
						{"reference": "ASN-1", "expectedAt": "2999-01-01T00:00:00Z", "lines": [{"sku": "%s", "quantity": 100}]}"""
					.formatted(supplier.sku()),
				supplier.secret());
		assertProblem(farAway, 422, "invalid-webhook");
		assertThat(fields(farAway)).containsExactly("expectedAt");
		HttpResponse<String> longReference = SignedCallbacks.post(base(), notice, """
				{"reference": "%s", "lines": [{"sku": "%s", "quantity": -100}]}""".formatted("R".repeat(65),
				supplier.sku()), supplier.secret());
		assertThat(fields(longReference)).containsExactlyInAnyOrder("reference", "lines[0].quantity");
		PurchaseOrders.PurchaseOrder confirmed = this.purchaseOrders.find(po);
		assertThat(confirmed.status()).as("no notice was taken").isEqualTo("CONFIRMED");
		assertThat(confirmed.lines()).singleElement().satisfies((l) -> assertThat(l.asnQuantity()).isNull());
	}

	@Test
	@DisplayName("L2: supplier webhook secrets are stored sealed, bound to their supplier")
	void l2_supplierWebhookSecretsAreStoredSealed() {
		Supplier supplier = supplier();
		String stored = this.jdbc.queryForObject("select webhook_secret from supplier where supplier_id = ?",
				String.class, supplier.id());
		assertThat(stored).startsWith("enc:local-dev-only:").doesNotContain(supplier.secret());
		assertThat(this.jdbc.queryForObject("select s::text from supplier s where supplier_id = ?", String.class,
				supplier.id()))
			.doesNotContain(supplier.secret());
		String po = approvedOrder(supplier);
		assertThat(SignedCallbacks
			.post(base(), path(supplier, po, "confirmation"), confirmation(supplier.sku(), 10, 1000), supplier.secret())
			.statusCode()).as("the sealed secret still verifies its calls").isEqualTo(200);
	}

	record Supplier(String id, String secret, String sku) {
	}

	private Supplier supplier() {
		String id = "SUP-" + UUID.randomUUID().toString().substring(0, 8);
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		Supplier supplier = new Supplier(id, "supplier-secret-" + id, sku);
		HttpResponse<String> saved = TestHttp.call(base(), "PUT", "/admin/fulfillment/suppliers/" + id, this.manager,
				"""
						{"name": "Acme Down", "webhookSecret": "%s", "contracts": [{"sku": "%s", "unitPriceMinor": 1000,
						 "currency": "CNY", "leadTimeDays": 5}]}""".formatted(supplier.secret(), sku));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		return supplier;
	}

	private String approvedOrder(Supplier supplier) {
		HttpResponse<String> drafted = TestHttp.call(base(), "POST", "/admin/fulfillment/purchase-orders", this.manager,
				"""
						{"supplierId": "%s", "location": "WH-SH", "lines": [{"sku": "%s", "quantity": 100}]}"""
					.formatted(supplier.id(), supplier.sku()));
		assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
		String po = JSON.readTree(drafted.body()).path("purchaseOrderId").asString();
		assertThat(TestHttp
			.call(base(), "POST", "/admin/fulfillment/purchase-orders/" + po + "/approval", this.manager, null)
			.statusCode()).isEqualTo(200);
		return po;
	}

	private void assertUnconfirmed(String po) {
		PurchaseOrders.PurchaseOrder order = this.purchaseOrders.find(po);
		assertThat(order.status()).isEqualTo("APPROVED");
		assertThat(order.lines()).allSatisfy((l) -> assertThat(l.confirmedQuantity()).isNull());
	}

	private static String confirmation(String sku, int quantity, long price) {
		return "{\"lines\": [{\"sku\": \"" + sku + "\", \"quantity\": " + quantity + ", \"unitPriceMinor\": " + price
				+ "}]}";
	}

	private static String path(Supplier supplier, String po, String what) {
		return "/webhooks/suppliers/" + supplier.id() + "/purchase-orders/" + po + "/" + what;
	}

	private static java.util.List<String> fields(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
		return JSON.readTree(answer.body()).path("errors").findValuesAsString("field");
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
