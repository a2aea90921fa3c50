package io.concord.fulfillment.shipping;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.SignedCallbacks;
import io.concord.fulfillment.catalog.Products;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shipping at its boundary: parcels planned per source with the cheapest carrier that
 * keeps the promise, carrier scans applied once and only forward, the facts announced to
 * the rest of the service (dispatch, each parcel's and the order's delivery, exceptions),
 * and the tracking webhook's refusals. The parcels hang off an order placed but not paid,
 * so ordering plans none of its own. Abroad (zone INTERNATIONAL), where each test's
 * carrier is the only active one.
 */
@RecordApplicationEvents
class ShipmentsIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Shipments shipments;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationEvents events;

	private TransactionTemplate transaction;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	private String carrier;

	private String secret;

	@Autowired
	void transactions(PlatformTransactionManager transactions) {
		this.transaction = new TransactionTemplate(transactions);
	}

	@BeforeEach
	void carrier() {
		this.carrier = "TRK" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
		this.secret = "tracking-carrier-secret-" + this.carrier;
		this.jdbc.update("update carrier set active = false where code in "
				+ "(select carrier_code from carrier_rate where zone = 'INTERNATIONAL')");
		HttpResponse<String> saved = TestHttp
			.call(base(), "PUT", "/admin/fulfillment/carriers/" + this.carrier, this.manager, """
					{"name": "Tracked Freight", "webhookSecret": "%s", "active": true, "rates": [
					  {"serviceLevel": "ECONOMY", "zone": "INTERNATIONAL", "costMinor": 200, "transitHours": 200},
					  {"serviceLevel": "STANDARD", "zone": "INTERNATIONAL", "costMinor": 500, "transitHours": 48}]}"""
				.formatted(this.secret));
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

	@Test
	void anOrderIsSplitIntoOneParcelPerSourceWithTheCheapestCarrierThatKeepsThePromise() {
		String orderId = unpaidOrder();
		boolean inTime = plan(orderId, Instant.now().plus(Duration.ofHours(72)),
				List.of(new Shipments.ItemToShip("SKU-A", 2, Source.location("WH-SH")),
						new Shipments.ItemToShip("SKU-B", 1, Source.supplier("SUP-ACME")),
						new Shipments.ItemToShip("SKU-C", 1, Source.location("WH-SH"))),
				true);

		assertThat(inTime).isTrue();
		List<Shipments.Shipment> parcels = this.shipments.ofOrder(orderId);
		assertThat(parcels).extracting(Shipments.Shipment::source)
			.containsExactlyInAnyOrder("WH-SH", "SUPPLIER:SUP-ACME");
		assertThat(parcels).extracting(Shipments.Shipment::from)
			.containsExactlyInAnyOrder(Source.location("WH-SH"), Source.supplier("SUP-ACME"));
		assertThat(parcels).allSatisfy((p) -> {
			assertThat(p.dropship()).isEqualTo(p.from().dropship());
			assertThat(p.status()).isEqualTo("CREATED");
			assertThat(p.carrierCode()).isEqualTo(this.carrier);
			assertThat(p.serviceLevel()).as("ECONOMY is cheaper but would arrive too late").isEqualTo("STANDARD");
			assertThat(p.costMinor()).isEqualTo(500);
			assertThat(p.trackingNumber()).startsWith(this.carrier);
		});
		assertThat(parcels).filteredOn((p) -> p.source().equals("WH-SH"))
			.singleElement()
			.satisfies((p) -> assertThat(p.lines()).containsExactly(new Shipments.Line("SKU-A", 2),
					new Shipments.Line("SKU-C", 1)));
	}

	@Test
	void aPromiseNoCarrierCanKeepGetsTheFastestAndATestRunsParcelGetsNoCarrier() {
		String late = unpaidOrder();
		assertThat(plan(late, Instant.now().plus(Duration.ofHours(10)),
				List.of(new Shipments.ItemToShip("SKU-A", 1, Source.UNALLOCATED)), true))
			.isFalse();
		assertThat(this.shipments.ofOrder(late)).singleElement().satisfies((p) -> {
			assertThat(p.serviceLevel()).isEqualTo("STANDARD");
			assertThat(p.source()).isEqualTo("UNALLOCATED");
		});

		String unbooked = unpaidOrder();
		assertThat(plan(unbooked, Instant.now().plus(Duration.ofHours(10)),
				List.of(new Shipments.ItemToShip("SKU-A", 1, Source.location("WH-SH"))), false))
			.as("nothing is late for want of a carrier")
			.isTrue();
		assertThat(this.shipments.ofOrder(unbooked)).singleElement().satisfies((p) -> {
			assertThat(p.carrierCode()).isNull();
			assertThat(p.trackingNumber()).isNull();
			assertThat(p.costMinor()).isNull();
		});
	}

	@Test
	void scansApplyOnceAndOnlyForwardAnnouncingDispatchAndDelivery() {
		String orderId = unpaidOrder();
		plan(orderId, Instant.now().plus(Duration.ofHours(72)),
				List.of(new Shipments.ItemToShip("SKU-A", 1, Source.location("WH-SH")),
						new Shipments.ItemToShip("SKU-B", 1, Source.supplier("SUP-ACME"))),
				true);
		List<Shipments.Shipment> parcels = this.shipments.ofOrder(orderId);
		Shipments.Shipment own = parcels.stream().filter((p) -> !p.dropship()).findFirst().orElseThrow();
		Shipments.Shipment dropship = parcels.stream().filter(Shipments.Shipment::dropship).findFirst().orElseThrow();

		assertThat(track("E1", own, "IN_TRANSIT", null)).isEqualTo("APPLIED");
		assertThat(this.events.stream(ShipmentEvents.Dispatched.class)).singleElement()
			.satisfies((e) -> assertThat(e.orderId()).isEqualTo(orderId));
		assertThat(track("E1", own, "IN_TRANSIT", null)).as("the same event again").isEqualTo("DUPLICATE");
		assertThat(track("E2", own, "PICKED_UP", null)).as("a late scan of an earlier step").isEqualTo("STALE");
		assertThat(track("E3", dropship, "PICKED_UP", null)).isEqualTo("APPLIED");
		assertThat(this.events.stream(ShipmentEvents.Dispatched.class)).as("the order was dispatched once").hasSize(1);
		assertThat(status(own)).isEqualTo("IN_TRANSIT");

		assertThat(track("E4", own, "DELIVERED", null)).isEqualTo("APPLIED");
		assertThat(this.events.stream(ShipmentEvents.Delivered.class)).as("one parcel is still on its way").isEmpty();
		assertThat(track("E5", dropship, "DELIVERED", null)).isEqualTo("APPLIED");
		assertThat(this.events.stream(ShipmentEvents.ParcelDelivered.class))
			.extracting(ShipmentEvents.ParcelDelivered::source)
			.containsExactly(Source.location("WH-SH"), Source.supplier("SUP-ACME"));
		assertThat(this.events.stream(ShipmentEvents.Delivered.class)).singleElement()
			.satisfies((e) -> assertThat(e.orderId()).isEqualTo(orderId));
		assertThat(track("E6", own, "IN_TRANSIT", null)).as("nothing undoes a delivery").isEqualTo("STALE");
		assertThat(status(own)).isEqualTo("DELIVERED");
		assertThat(this.jdbc.queryForList(
				"select event_id || ':' || applied from carrier_event where carrier_code = ? order by event_id",
				String.class, this.carrier))
			.containsExactly("E1:true", "E2:false", "E3:true", "E4:true", "E5:true", "E6:false");
	}

	@Test
	void anExceptionIsNotedUntilTheDeliveryClearsItAndNeverUndoesIt() {
		String orderId = unpaidOrder();
		plan(orderId, Instant.now().plus(Duration.ofHours(72)),
				List.of(new Shipments.ItemToShip("SKU-A", 1, Source.location("WH-SH"))), true);
		Shipments.Shipment parcel = this.shipments.ofOrder(orderId).get(0);

		assertThat(track("X1", parcel, "EXCEPTION", "Box damaged in transit")).isEqualTo("APPLIED");
		assertThat(this.events.stream(ShipmentEvents.ExceptionReported.class)).singleElement().satisfies((e) -> {
			assertThat(e.shipmentId()).isEqualTo(parcel.shipmentId());
			assertThat(e.reason()).isEqualTo("Box damaged in transit");
		});
		assertThat(this.shipments.ofOrder(orderId)).singleElement().satisfies((p) -> {
			assertThat(p.status()).as("an exception is no status").isEqualTo("CREATED");
			assertThat(p.exception()).isEqualTo("Box damaged in transit");
		});
		assertThat(track("X2", parcel, "EXCEPTION", null)).isEqualTo("APPLIED");
		assertThat(this.shipments.ofOrder(orderId).get(0).exception()).isEqualTo("carrier exception");

		assertThat(track("X3", parcel, "DELIVERED", null)).isEqualTo("APPLIED");
		assertThat(this.shipments.ofOrder(orderId).get(0).exception()).as("it arrived after all").isNull();
		assertThat(track("X4", parcel, "EXCEPTION", "Lost")).isEqualTo("STALE");
		assertThat(this.shipments.ofOrder(orderId)).singleElement().satisfies((p) -> {
			assertThat(p.status()).isEqualTo("DELIVERED");
			assertThat(p.exception()).isNull();
		});
		assertThat(this.events.stream(ShipmentEvents.ExceptionReported.class)).hasSize(2);
	}

	@Test
	void theTrackingWebhookRefusesWhatItCannotTrustOrRead() {
		String orderId = unpaidOrder();
		plan(orderId, Instant.now().plus(Duration.ofHours(72)),
				List.of(new Shipments.ItemToShip("SKU-A", 1, Source.location("WH-SH"))), true);
		Shipments.Shipment parcel = this.shipments.ofOrder(orderId).get(0);
		String path = "/webhooks/carriers/" + this.carrier;
		String body = callback("W1", parcel.trackingNumber(), "PICKED_UP");

		assertProblem(SignedCallbacks.postWithSignature(base(), path, body, null), 401, "invalid-signature");
		assertProblem(SignedCallbacks.post(base(), path, body, "not-the-carriers-secret-0001"), 401,
				"invalid-signature");
		assertProblem(SignedCallbacks.postWithSignature(base(), path, body,
				SignedCallbacks.sign(this.secret, path, body, -6 * 60)), 401, "stale-signature");
		assertProblem(SignedCallbacks.post(base(), "/webhooks/carriers/NO_SUCH_CARRIER", body, this.secret), 404,
				"not-found");
		assertProblem(SignedCallbacks.post(base(), path, "{\"eventId\": ", this.secret), 422, "invalid-webhook");
		HttpResponse<String> invalid = SignedCallbacks.post(base(), path,
				callback("W1", parcel.trackingNumber(), "LOST_AT_SEA"), this.secret);
		assertProblem(invalid, 422, "invalid-webhook");
		assertThat(JSON.readTree(invalid.body()).path("errors").findValuesAsString("field")).containsExactly("status");
		HttpResponse<String> unknownParcel = SignedCallbacks.post(base(), path,
				callback("W2", "NO-SUCH-TRACKING-NUMBER", "PICKED_UP"), this.secret);
		assertProblem(unknownParcel, 404, "not-found");
		assertThat(this.jdbc.queryForObject("select count(*) from carrier_event where carrier_code = ?", Integer.class,
				this.carrier))
			.as("nothing refused is remembered, so a corrected resend is heard")
			.isZero();
		assertThat(status(parcel)).isEqualTo("CREATED");

		HttpResponse<String> applied = SignedCallbacks.post(base(), path, body, this.secret);
		assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
		assertThat(JSON.readTree(applied.body()).path("outcome").asString()).isEqualTo("APPLIED");
		assertThat(JSON.readTree(applied.body()).path("carrier").asString()).isEqualTo(this.carrier);
		assertThat(status(parcel)).isEqualTo("PICKED_UP");
	}

	private boolean plan(String orderId, Instant deliverBy, List<Shipments.ItemToShip> items, boolean book) {
		return this.transaction.execute((tx) -> this.shipments.plan(orderId, "US-NY", deliverBy, items, book));
	}

	private String track(String eventId, Shipments.Shipment parcel, String status, String detail) {
		return this.shipments.track(this.carrier, new Shipments.TrackingUpdate(eventId, parcel.trackingNumber(), status,
				Instant.parse("2026-11-29T01:00:00Z"), detail));
	}

	private String status(Shipments.Shipment parcel) {
		return this.shipments.ofOrder(parcel.orderId())
			.stream()
			.filter((p) -> p.shipmentId().equals(parcel.shipmentId()))
			.findFirst()
			.orElseThrow()
			.status();
	}

	// Placed, not paid: ordering leaves it alone, so its parcels are this test's.
	private String unpaidOrder() {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "HOME", "ACME", 4900, "CNY", false, null));
		HttpResponse<String> placed = TestHttp.call(base(), "POST", "/api/orders",
				TestIssuers.get().memberToken(UUID.randomUUID()), """
						{"channel": "APP", "lines": [{"sku": "%s", "quantity": 1}],
						 "shippingAddress": {"name": "Ada", "phone": "+12125550100", "region": "US-NY",
						   "city": "New York", "line1": "1 Broadway"}}""".formatted(sku));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return JSON.readTree(placed.body()).path("orderId").asString();
	}

	private static String callback(String eventId, String trackingNumber, String status) {
		return """
				{"eventId": "%s", "trackingNumber": "%s", "status": "%s", "occurredAt": "2026-11-29T01:00:00Z"}"""
			.formatted(eventId, trackingNumber, status);
	}

	private static void assertProblem(HttpResponse<String> answer, int status, String type) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JSON.readTree(answer.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/" + type);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
