package io.concord.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.concord.console.orders.OrderDetail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.MessageSource;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The orders screens against a stand-in for the gateway (a real HTTP server answering as
 * fulfillment-service's admin API would): the search sends its criteria and the user's
 * own token, the detail shows amounts, promise and the placement saga's history in both
 * languages, actions appear only for a role and a state that allow them, and every action
 * comes back with the API's outcome (a refusal in its own words).
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class OrdersScreensTests {

	private static final List<String> CALLS = new CopyOnWriteArrayList<>();

	private static final HttpServer GATEWAY = gateway();

	private static final String MEMBER = "5b1d3a0e-8d43-4a53-9c7e-0d7f7c1e2a11";

	@Autowired
	MockMvc mvc;

	@Autowired
	OAuth2AuthorizedClientService clients;

	@Autowired
	ClientRegistrationRepository registrations;

	@Autowired
	MessageSource messages;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("concord.console.gateway-url", () -> "http://localhost:" + GATEWAY.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		GATEWAY.stop(0);
	}

	@Test
	void theSearchSendsItsCriteriaWithTheUsersTokenAndLinksEachOrder() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-searcher");
		String page = page(get("/ops/orders").param("status", "PAID")
			.param("channel", "app")
			.param("member", MEMBER)
			.param("from", "2026-11-11")
			.param("to", "2026-11-11")
			.param("limit", "100"), viewer);
		// Days of the business zone (Shanghai, UTC+8): 11 November from 16:00 UTC the day
		// before to 16:00 UTC on the 11th.
		assertThat(CALLS).contains("GET /admin/fulfillment/orders?limit=100&status=PAID&channel=APP&memberId=" + MEMBER
				+ "&placedFrom=2026-11-10T16%3A00%3A00Z&placedBefore=2026-11-11T16%3A00%3A00Z Bearer token-of-searcher");
		assertThat(page).contains("href=\"/ops/orders/ORD-7\"", "data-order-id=\"ORD-8\"", "¥59.00", "LIVESTREAM",
				"awaiting payment");

		this.mvc
			.perform(get("/ops/orders").param("orderId", " ORD-7 ").contextPath("/ops").with(authentication(viewer)))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/orders/ORD-7"));
	}

	@Test
	void theDetailShowsAmountsThePromiseAndThePlacementSagaStepByStep() throws Exception {
		String page = page(get("/ops/orders/ORD-7"), signedIn("ops-manager", "token-of-manager"));
		assertThat(CALLS).contains("GET /admin/fulfillment/orders/ORD-7 Bearer token-of-manager",
				"GET /admin/fulfillment/orders/ORD-7/shipments Bearer token-of-manager");
		assertThat(page)
			.contains("¥65.00", "−CN¥6.00", "¥59.00", "¥39.00", "at risk", "order created", "stock reserved",
					"partner unavailable", "resumed", "placed, awaiting payment", "inventory-service down", "applied",
					"SF1402938475612", "in transit")
			// Paid 2036-11-11T00:00:01Z, delivery due 72 hours later: 14 November,
			// 08:00:01
			// in Shanghai.
			.contains("Nov 14, 2036, 8:00:01")
			.contains("id=\"allocate\"", "id=\"cancel\"")
			.doesNotContain("id=\"ship\"", "id=\"deliver\"", "id=\"read-only\"");
	}

	@Test
	void theChinesePageHasEveryLabel() throws Exception {
		String page = page(get("/ops/orders/ORD-7").param("lang", "zh-CN"), signedIn("ops-manager", "token-of-reader"));
		assertThat(page).contains("下单流程", "预占库存", "合作方不可用", "已恢复", "有超时风险", "已支付", "分配", "取消订单", "运输中", "¥59.00")
			.doesNotContain("??");
		String list = page(get("/ops/orders").param("lang", "zh-CN"), signedIn("ops-viewer", "token-of-reader2"));
		assertThat(list).contains("订单号", "待支付").doesNotContain("??");
	}

	@Test
	void aViewerSeesNoActionsAndTheirForgedCancellationShowsTheApisRefusal() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		String page = page(get("/ops/orders/ORD-7"), viewer);
		assertThat(page).contains("Your role may look at orders")
			.doesNotContain("id=\"cancel\"", "id=\"allocate\"", "receive-return");

		this.mvc
			.perform(post("/ops/orders/ORD-7/cancellation").param("cause", "FRAUD")
				.contextPath("/ops")
				.with(authentication(viewer))
				.with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/orders/ORD-7"))
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
		assertThat(CALLS)
			.contains("POST /admin/fulfillment/orders/ORD-7/cancellation Bearer token-of-viewer {\"cause\":\"FRAUD\"}");
	}

	@Test
	void aManagersActionsReachTheApiAndComeBackWithItsOutcome() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-actor");
		this.mvc
			.perform(post("/ops/orders/ORD-7/cancellation").param("cause", "FRAUD")
				.contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/orders/ORD-7"))
			.andExpect(flash().attribute("notice", "Order ORD-7 cancelled."));
		assertThat(CALLS)
			.contains("POST /admin/fulfillment/orders/ORD-7/cancellation Bearer token-of-actor {\"cause\":\"FRAUD\"}");

		this.mvc
			.perform(post("/ops/orders/ORD-7/shipment").contextPath("/ops").with(authentication(manager)).with(csrf()))
			.andExpect(redirectedUrl("/ops/orders/ORD-7"))
			.andExpect(flash().attribute("failure", "Not possible now (409): Order ORD-7 is PAID; it cannot ship"));

		String returned = page(get("/ops/orders/ORD-9"), manager);
		assertThat(returned).contains("receive-return", "reject-return", "Too small").doesNotContain("id=\"cancel\"");
		this.mvc
			.perform(post("/ops/orders/ORD-9/returns/RET-1/rejection").param("reason", "Worn, tags removed")
				.contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/orders/ORD-9"))
			.andExpect(flash().attribute("notice", "Return of order ORD-9 rejected."));
		assertThat(CALLS).contains(
				"POST /admin/fulfillment/returns/RET-1/rejection Bearer token-of-actor {\"reason\":\"Worn, tags removed\"}");
	}

	@Test
	void everyValueTheApiNamesHasALabel() {
		Map<String, List<String>> labels = Map.of("orders.step.", OrderDetail.STEPS, "orders.outcome.",
				OrderDetail.OUTCOMES, "orders.action.", OrderDetail.ACTIONS, "orders.payment.",
				OrderDetail.PAYMENT_OUTCOMES, "orders.returnState.", OrderDetail.RETURN_STATES, "orders.shipment.",
				OrderDetail.SHIPMENT_STATES, "orders.breach.", OrderDetail.BREACH_KINDS, "orders.promise.",
				OrderDetail.PROMISE_STATES, "orders.cause.", OrderDetail.CANCEL_CAUSES);
		// MessageBundlesTests holds both languages to the same keys: English is enough.
		labels.forEach((prefix, values) -> values
			.forEach((value) -> assertThat(this.messages.getMessage(prefix + value, null, null, Locale.ENGLISH))
				.as(prefix + value)
				.isNotNull()));
	}

	private String page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
			OAuth2AuthenticationToken user) throws Exception {
		return this.mvc.perform(request.contextPath("/ops").with(authentication(user)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private OAuth2AuthenticationToken signedIn(String role, String accessToken) {
		return SignedInStaff.signedIn(this.clients, this.registrations, role, accessToken);
	}

	private static final String PAID_ORDER = """
			{"order": {"orderId": "ORD-7", "memberId": "%s", "channel": "LIVESTREAM", "status": "PAID",
			  "currency": "CNY", "subtotalMinor": 6500, "discountMinor": 600, "shippingFeeMinor": 0,
			  "shippingDiscountMinor": 0, "payableMinor": 5900, "refundedMinor": 0, "pointsRedeemed": 0,
			  "pointsValueMinor": 0, "pointsRestored": 0,
			  "lines": [{"lineNo": 1, "sku": "SKU-RED", "name": "Red jacket", "quantity": 1, "unitPriceMinor": 4500,
			             "discountMinor": 600, "returnedQuantity": 0},
			            {"lineNo": 2, "sku": "SKU-CAP", "name": "Cap", "quantity": 1, "unitPriceMinor": 2000,
			             "discountMinor": 0, "returnedQuantity": 0}],
			  "paymentDueAt": "2036-11-11T00:15:00Z", "paidAt": "2036-11-11T00:00:01Z", "createdAt": "2036-11-10T23:59:30Z"},
			 "sagaStep": "DONE", "rejection": null,
			 "history": [{"from": "PLACING", "to": "PENDING_PAYMENT", "action": "PLACE", "at": "2036-11-10T23:59:31Z"},
			             {"from": "PENDING_PAYMENT", "to": "PAID", "action": "PAY", "at": "2036-11-11T00:00:01Z"}],
			 "priceProtection": [],
			 "placement": [{"step": "NEW", "outcome": "COMPLETED", "detail": "checkout on LIVESTREAM", "at": "2036-11-10T23:59:30Z"},
			               {"step": "STOCK_RESERVED", "outcome": "UNAVAILABLE", "detail": "inventory-service down", "at": "2036-11-10T23:59:30Z"},
			               {"step": "NEW", "outcome": "RESUMED", "detail": "the checkout was retried", "at": "2036-11-10T23:59:31Z"},
			               {"step": "STOCK_RESERVED", "outcome": "COMPLETED", "at": "2036-11-10T23:59:31Z"},
			               {"step": "PROMOTIONS_LOCKED", "outcome": "COMPLETED", "at": "2036-11-10T23:59:31Z"},
			               {"step": "DONE", "outcome": "COMPLETED", "at": "2036-11-10T23:59:31Z"}],
			 "payments": [{"provider": "wechatpay", "transactionId": "TXN-1", "orderId": "ORD-7", "amountMinor": 5900,
			               "currency": "CNY", "outcome": "APPLIED", "receivedAt": "2036-11-11T00:00:01Z"}],
			 "returns": [],
			 "promise": {"dispatchBy": "2036-11-12T00:00:01Z", "deliveryBy": "2036-11-14T00:00:01Z",
			             "atRiskSince": "2036-11-11T20:00:00Z", "breaches": []}}"""
		.formatted(MEMBER);

	private static final String RETURNING_ORDER = """
			{"order": {"orderId": "ORD-9", "memberId": "%s", "channel": "APP", "status": "RETURN_REQUESTED",
			  "currency": "CNY", "subtotalMinor": 3900, "discountMinor": 0, "shippingFeeMinor": 0,
			  "shippingDiscountMinor": 0, "payableMinor": 3900, "refundedMinor": 0, "pointsRedeemed": 0,
			  "pointsValueMinor": 0, "pointsRestored": 0,
			  "lines": [{"lineNo": 1, "sku": "SKU-TEE", "name": "Tee", "quantity": 1, "unitPriceMinor": 3900,
			             "discountMinor": 0, "returnedQuantity": 0}],
			  "paidAt": "2026-11-01T00:00:00Z", "shippedAt": "2026-11-01T10:00:00Z", "deliveredAt": "2026-11-02T10:00:00Z",
			  "createdAt": "2026-11-01T00:00:00Z"},
			 "sagaStep": "DONE", "history": [], "priceProtection": [], "placement": [], "payments": [],
			 "returns": [{"returnId": "RET-1", "orderId": "ORD-9", "status": "REQUESTED", "reason": "Too small",
			              "lines": [{"sku": "SKU-TEE", "quantity": 1}]}],
			 "promise": {"dispatchBy": "2026-11-02T00:00:00Z", "deliveryBy": "2026-11-04T00:00:00Z", "breaches": []}}"""
		.formatted(MEMBER);

	private static HttpServer gateway() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				String call = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization")
						+ (requestBody.isEmpty() ? "" : " " + requestBody);
				CALLS.add(call);
				int status = 200;
				String path = exchange.getRequestURI().getPath();
				String body = "{}";
				if (path.equals("/admin/fulfillment/orders")) {
					body = """
							[{"orderId": "ORD-7", "memberId": "%s", "channel": "LIVESTREAM", "status": "PAID", "currency": "CNY",
							  "payableMinor": 5900, "createdAt": "2026-11-11T00:00:01Z"},
							 {"orderId": "ORD-8", "memberId": "%s", "channel": "APP", "status": "PENDING_PAYMENT", "currency": "CNY",
							  "payableMinor": 100, "createdAt": "2026-11-11T00:00:00Z"}]"""
						.formatted(MEMBER, MEMBER);
				}
				else if (path.equals("/admin/fulfillment/orders/ORD-7")) {
					body = PAID_ORDER;
				}
				else if (path.equals("/admin/fulfillment/orders/ORD-9")) {
					body = RETURNING_ORDER;
				}
				else if (path.endsWith("/shipments")) {
					body = path.contains("ORD-7") ? """
							[{"shipmentId": "SHP-1", "orderId": "ORD-7", "source": "WH-NORTH", "dropship": false,
							  "carrierCode": "SF", "trackingNumber": "SF1402938475612", "status": "IN_TRANSIT",
							  "estimatedDeliveryAt": "2026-11-12T06:00:00Z", "lines": []}]""" : "[]";
				}
				else if (path.endsWith("/shipment")) {
					status = 409;
					body = """
							{"type": "https://concord.dev/problems/invalid-transition", "title": "Invalid transition",
							 "status": 409, "detail": "Order ORD-7 is PAID; it cannot ship"}""";
				}
				if (exchange.getRequestMethod().equals("POST") && call.contains("token-of-viewer")) {
					status = 403;
					body = """
							{"type": "https://concord.example/problems/forbidden", "title": "Forbidden", "status": 403,
							 "detail": "The access token does not grant this operation."}""";
				}
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(status, bytes.length);
				exchange.getResponseBody().write(bytes);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
