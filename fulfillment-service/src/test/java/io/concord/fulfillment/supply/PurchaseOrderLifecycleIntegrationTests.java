package io.concord.fulfillment.supply;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A purchase order's lifecycle at supply's boundary (ops' API and the supplier's signed
 * calls): each step is taken only from its state and refused with 409
 * {@code invalid-transition} otherwise, cancelling stops before shipping, receipts and
 * supplier calls are checked against the order, and unknown or foreign orders are 404.
 */
class PurchaseOrderLifecycleIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	PurchaseOrders purchaseOrders;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void eachStepIsTakenOnlyFromItsState() {
		Supplier supplier = supplier();
		String po = draft(supplier);
		assertTransitionRefused(confirm(supplier, po), po, "DRAFT", "confirmed");
		assertTransitionRefused(receive(po, 100, 100), po, "DRAFT", "receive");

		HttpResponse<String> approved = ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/approval");
		assertThat(status(approved)).isEqualTo("APPROVED");
		assertThat(read(approved).path("approvedAt").isString()).isTrue();
		assertTransitionRefused(ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/approval"), po, "APPROVED",
				"approved");
		assertTransitionRefused(announce(supplier, po), po, "APPROVED", "shipped");
		assertTransitionRefused(receive(po, 100, 100), po, "APPROVED", "receive");

		HttpResponse<String> confirmed = confirm(supplier, po);
		assertThat(status(confirmed)).isEqualTo("CONFIRMED");
		assertThat(read(confirmed).path("confirmedAt").isString()).isTrue();
		assertTransitionRefused(confirm(supplier, po), po, "CONFIRMED", "confirmed");

		assertThat(status(announce(supplier, po))).isEqualTo("SHIPPED");
		assertTransitionRefused(announce(supplier, po), po, "SHIPPED", "shipped");
		assertTransitionRefused(ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/cancellation"), po,
				"SHIPPED", "cancel");

		HttpResponse<String> received = receive(po, 100, 100);
		assertThat(status(received)).as("received goods are settled at once").isEqualTo("SETTLED");
		assertThat(read(received).path("receivedAt").isString()).isTrue();
		assertTransitionRefused(receive(po, 100, 100), po, "SETTLED", "receive");
		assertTransitionRefused(ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/cancellation"), po,
				"SETTLED", "cancel");
		assertThat(this.purchaseOrders.find(po).status()).isEqualTo("SETTLED");
	}

	@Test
	void anOrderCanBeCancelledUntilItShipsAndThenNothingMovesIt() {
		Supplier supplier = supplier();
		String draft = draft(supplier);
		assertThat(status(ops("POST", "/admin/fulfillment/purchase-orders/" + draft + "/cancellation")))
			.isEqualTo("CANCELLED");
		assertTransitionRefused(ops("POST", "/admin/fulfillment/purchase-orders/" + draft + "/approval"), draft,
				"CANCELLED", "approved");

		String approved = approved(supplier);
		assertThat(status(ops("POST", "/admin/fulfillment/purchase-orders/" + approved + "/cancellation")))
			.isEqualTo("CANCELLED");
		assertTransitionRefused(confirm(supplier, approved), approved, "CANCELLED", "confirmed");

		String confirmed = approved(supplier);
		assertThat(status(confirm(supplier, confirmed))).isEqualTo("CONFIRMED");
		assertThat(status(ops("POST", "/admin/fulfillment/purchase-orders/" + confirmed + "/cancellation")))
			.isEqualTo("CANCELLED");
		assertTransitionRefused(receive(confirmed, 100, 100), confirmed, "CANCELLED", "receive");
		assertThat(this.purchaseOrders.find(confirmed).settlement()).isNull();
	}

	@Test
	void aReceiptMustAcceptWithinWhatArrivedOnOrderedSkus() {
		Supplier supplier = supplier();
		String po = approved(supplier);
		assertThat(status(confirm(supplier, po))).isEqualTo("CONFIRMED");

		HttpResponse<String> tooMany = receive(po, 10, 11);
		assertProblem(tooMany, 422, "invalid-receipt");
		assertThat(read(tooMany).path("sku").asString()).isEqualTo(supplier.sku());
		HttpResponse<String> unknown = ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/receipt",
				"{\"lines\": [{\"sku\": \"NOT-ORDERED\", \"received\": 1, \"accepted\": 1}]}");
		assertProblem(unknown, 422, "invalid-receipt");
		assertThat(read(unknown).path("sku").asString()).isEqualTo("NOT-ORDERED");
		assertProblem(ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/receipt", "{\"lines\": []}"), 400,
				"validation");

		PurchaseOrders.PurchaseOrder unchanged = this.purchaseOrders.find(po);
		assertThat(unchanged.status()).isEqualTo("CONFIRMED");
		assertThat(unchanged.lines()).singleElement().satisfies((l) -> assertThat(l.receivedQuantity()).isNull());
	}

	@Test
	void supplierCallsAreCheckedAgainstTheSupplierAndTheOrder() {
		Supplier supplier = supplier();
		Supplier other = supplier();
		String po = approved(supplier);

		assertProblem(
				SignedCallbacks.post(base(), "/webhooks/suppliers/SUP-UNKNOWN/purchase-orders/" + po + "/confirmation",
						confirmation(supplier.sku()), supplier.secret()),
				404, "not-found");
		assertProblem(SignedCallbacks.post(base(), path(other, po, "confirmation"), confirmation(supplier.sku()),
				other.secret()), 404, "not-found");
		assertProblem(SignedCallbacks.postWithSignature(base(), path(supplier, po, "confirmation"),
				confirmation(supplier.sku()), null), 401, "invalid-signature");
		assertProblem(SignedCallbacks.post(base(), path(supplier, po, "confirmation"), "[not json", supplier.secret()),
				422, "invalid-webhook");
		assertProblem(SignedCallbacks.post(base(), path(supplier, po, "confirmation"), "{\"lines\": \"all of them\"}",
				supplier.secret()), 422, "invalid-webhook");
		assertThat(this.purchaseOrders.find(po).status()).isEqualTo("APPROVED");

		assertThat(status(confirm(supplier, po))).isEqualTo("CONFIRMED");
		HttpResponse<String> twice = SignedCallbacks.post(base(), path(supplier, po, "shipping-notice"), """
				{"reference": "ASN-2", "lines": [{"sku": "%s", "quantity": 50}, {"sku": "%s", "quantity": 50}]}"""
			.formatted(supplier.sku(), supplier.sku()), supplier.secret());
		assertProblem(twice, 422, "invalid-webhook");
		assertThat(read(twice).path("errors").findValuesAsString("message")).containsExactly("appears more than once");
		assertThat(this.purchaseOrders.find(po).status()).isEqualTo("CONFIRMED");
	}

	@Test
	void anUnknownPurchaseOrderIsNotFound() {
		assertProblem(ops("GET", "/admin/fulfillment/purchase-orders/PO-NO-SUCH-ORDER"), 404, "not-found");
		assertProblem(ops("POST", "/admin/fulfillment/purchase-orders/PO-NO-SUCH-ORDER/approval"), 404, "not-found");
		assertProblem(ops("POST", "/admin/fulfillment/purchase-orders/PO-NO-SUCH-ORDER/cancellation"), 404,
				"not-found");
	}

	record Supplier(String id, String secret, String sku) {
	}

	private Supplier supplier() {
		String id = "SUP-" + UUID.randomUUID().toString().substring(0, 8);
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		Supplier supplier = new Supplier(id, "supplier-secret-" + id, sku);
		HttpResponse<String> saved = ops("PUT", "/admin/fulfillment/suppliers/" + id, """
				{"name": "Acme Down", "webhookSecret": "%s", "contracts": [{"sku": "%s", "unitPriceMinor": 1000,
				 "currency": "CNY", "leadTimeDays": 5}]}""".formatted(supplier.secret(), sku));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		return supplier;
	}

	private String draft(Supplier supplier) {
		HttpResponse<String> drafted = ops("POST", "/admin/fulfillment/purchase-orders", """
				{"supplierId": "%s", "location": "WH-SH", "lines": [{"sku": "%s", "quantity": 100}]}"""
			.formatted(supplier.id(), supplier.sku()));
		assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
		assertThat(status(drafted)).isEqualTo("DRAFT");
		return read(drafted).path("purchaseOrderId").asString();
	}

	private String approved(Supplier supplier) {
		String po = draft(supplier);
		assertThat(status(ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/approval"))).isEqualTo("APPROVED");
		return po;
	}

	private HttpResponse<String> confirm(Supplier supplier, String po) {
		return SignedCallbacks.post(base(), path(supplier, po, "confirmation"), confirmation(supplier.sku()),
				supplier.secret());
	}

	private HttpResponse<String> announce(Supplier supplier, String po) {
		return SignedCallbacks.post(base(), path(supplier, po, "shipping-notice"),
				"{\"reference\": \"ASN-1\", \"lines\": [{\"sku\": \"" + supplier.sku() + "\", \"quantity\": 100}]}",
				supplier.secret());
	}

	// Every order here has one line.
	private HttpResponse<String> receive(String po, int received, int accepted) {
		String sku = this.purchaseOrders.find(po).lines().get(0).sku();
		return ops("POST", "/admin/fulfillment/purchase-orders/" + po + "/receipt",
				"{\"lines\": [{\"sku\": \"%s\", \"received\": %d, \"accepted\": %d}]}".formatted(sku, received,
						accepted));
	}

	private static String confirmation(String sku) {
		return "{\"lines\": [{\"sku\": \"" + sku + "\", \"quantity\": 100, \"unitPriceMinor\": 1000}]}";
	}

	private static String path(Supplier supplier, String po, String what) {
		return "/webhooks/suppliers/" + supplier.id() + "/purchase-orders/" + po + "/" + what;
	}

	private static void assertTransitionRefused(HttpResponse<String> answer, String po, String status, String verb) {
		assertProblem(answer, 409, "invalid-transition");
		JsonNode problem = read(answer);
		assertThat(problem.path("status").asString()).isEqualTo(status);
		assertThat(problem.path("detail").asString())
			.isEqualTo("Purchase order " + po + " is " + status + "; it cannot be " + verb);
	}

	private static void assertProblem(HttpResponse<String> answer, int status, String type) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(read(answer).path("type").asString()).isEqualTo("https://concord.dev/problems/" + type);
	}

	private static String status(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
		return read(answer).path("status").asString();
	}

	private static JsonNode read(HttpResponse<String> answer) {
		return JSON.readTree(answer.body());
	}

	private HttpResponse<String> ops(String method, String path) {
		return ops(method, path, null);
	}

	private HttpResponse<String> ops(String method, String path, String json) {
		return TestHttp.call(base(), method, path, this.manager, json);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
