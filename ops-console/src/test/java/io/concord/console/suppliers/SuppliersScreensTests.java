package io.concord.console.suppliers;

import java.util.Properties;

import io.concord.console.members.StandInGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
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
 * The suppliers screens against a stand-in for the gateway: the list, a supplier's
 * scorecard, terms and purchase orders, a purchase order; in English and Chinese, with
 * the user's own token; actions only for ops-managers, and the API's refusals (403 for a
 * viewer's forged approval, 409 for an order no longer a draft) shown.
 */
@SpringBootTest(properties = { "concord.console.staff.issuer=http://issuer.test" })
@AutoConfigureMockMvc
class SuppliersScreensTests {

	private static final StandInGateway GATEWAY = new StandInGateway().answer("GET /admin/fulfillment/suppliers", """
			[{"supplierId": "SUP-WARMTH", "name": "Warmth Garments", "grade": "B", "score": 81.25,
			  "contracts": [{"sku": "JACKET-BLK-M", "unitPriceMinor": 31000, "currency": "CNY", "leadTimeDays": 10,
			                 "latePenaltyPercentPerDay": 1, "maxLatePenaltyPercent": 20, "shortPenaltyPercent": 5,
			                 "defectPenaltyPercent": 10, "minOrderQuantity": 120, "orderMultiple": 12}]},
			 {"supplierId": "SUP-NEW", "name": "New Down Co.", "grade": null, "score": null, "contracts": []}]""")
		.answer("GET /admin/fulfillment/suppliers/SUP-WARMTH", """
				{"supplierId": "SUP-WARMTH", "name": "Warmth Garments", "grade": "B", "score": 81.25,
				 "contracts": [{"sku": "JACKET-BLK-M", "unitPriceMinor": 31000, "currency": "CNY", "leadTimeDays": 10,
				                "latePenaltyPercentPerDay": 1, "maxLatePenaltyPercent": 20, "shortPenaltyPercent": 5,
				                "defectPenaltyPercent": 10, "minOrderQuantity": 120, "orderMultiple": 12}]}""")
		.answer("GET /admin/fulfillment/suppliers/SUP-WARMTH/scorecard", """
				{"supplierId": "SUP-WARMTH", "purchaseOrders": 4, "received": 3, "onTimeDeliveryRate": 0.75,
				 "fillRate": 0.95, "qualityPassRate": 0.98, "leadTimeMeanDays": 9.5, "leadTimeStdDevDays": 1.25,
				 "confirmationLatencyHours": 6.0, "emergencyResponseHours": null, "asnAccuracy": 1.0,
				 "priceCompliance": 1.0, "score": 81.25, "grade": "B"}""")
		.answer("GET /admin/fulfillment/suppliers/SUP-WARMTH/purchase-orders",
				"[" + po("PO-DRAFT1", "DRAFT") + "," + po("PO-SENT1", "CONFIRMED") + "]")
		.answer("GET /admin/fulfillment/purchase-orders/PO-DRAFT1", po("PO-DRAFT1", "DRAFT"))
		.answer("GET /admin/fulfillment/purchase-orders/PO-SENT1", po("PO-SENT1", "CONFIRMED"))
		.answer("POST /admin/fulfillment/purchase-orders/PO-DRAFT1/approval", po("PO-DRAFT1", "APPROVED"))
		.answer("POST /admin/fulfillment/purchase-orders/PO-SENT1/approval", 409,
				StandInGateway.problem(409, "Invalid transition",
						"Purchase order PO-SENT1 is CONFIRMED; it cannot be approved"))
		.answer("POST /admin/fulfillment/purchase-orders/PO-SENT1/receipt", po("PO-SENT1", "SETTLED"))
		.answer("POST /admin/fulfillment/purchase-orders", 201, po("PO-NEW1", "DRAFT"));

	@Autowired
	MockMvc mvc;

	@Autowired
	OAuth2AuthorizedClientService clients;

	@Autowired
	ClientRegistrationRepository registrations;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("concord.console.gateway-url", GATEWAY::url);
	}

	@AfterAll
	static void stop() {
		GATEWAY.close();
	}

	@Test
	void theListAndASupplierShowGradesScorecardTermsAndOrdersInEnglishAndChinese() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer-list");
		String list = page("/ops/suppliers", "en", viewer);
		assertThat(list).contains("data-supplier-id=\"SUP-WARMTH\"", "Warmth Garments", "grade-B", "not graded");
		assertThat(GATEWAY.callLines()).contains("GET /admin/fulfillment/suppliers Bearer token-of-viewer-list");

		String english = page("/ops/suppliers/SUP-WARMTH", "en", viewer);
		assertThat(english)
			.contains("Fill rate", "95.0%", "75.0%", "9.5 days", "CN¥310.00", "120", "data-po-id=\"PO-DRAFT1\"",
					"data-status=\"CONFIRMED\"", "confirmed by supplier", "CN¥3,100.00")
			.doesNotContain("??");
		String chinese = page("/ops/suppliers/SUP-WARMTH", "zh-CN", viewer);
		assertThat(chinese).contains("满足率", "准时率", "合同条款", "草稿", "供应商已确认", "¥310.00", "9.5 天").doesNotContain("??");
		assertThat(GATEWAY.callLines()).contains(
				"GET /admin/fulfillment/suppliers/SUP-WARMTH/scorecard Bearer token-of-viewer-list",
				"GET /admin/fulfillment/suppliers/SUP-WARMTH/purchase-orders Bearer token-of-viewer-list");
	}

	@Test
	void aViewerSeesNoActionsAndTheirForgedApprovalShowsTheApisRefusal() throws Exception {
		OAuth2AuthenticationToken viewer = signedIn("ops-viewer", "token-of-viewer");
		assertThat(page("/ops/suppliers/SUP-WARMTH", "en", viewer)).doesNotContain("id=\"draft\"")
			.contains("id=\"read-only\"");
		String order = page("/ops/suppliers/purchase-orders/PO-DRAFT1", "en", viewer);
		assertThat(order).contains("PO-DRAFT1", "JACKET-BLK-M", "id=\"read-only\"")
			.doesNotContain("id=\"approve\"", "id=\"cancel\"", "id=\"receive\"");

		this.mvc
			.perform(post("/ops/suppliers/purchase-orders/PO-DRAFT1/approval").contextPath("/ops")
				.with(authentication(viewer))
				.with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/suppliers/purchase-orders/PO-DRAFT1"))
			.andExpect(flash().attribute("failure",
					"Not allowed: the API refused this action for your role (403). The access token does not grant this operation."));
		assertThat(GATEWAY.callLines())
			.contains("POST /admin/fulfillment/purchase-orders/PO-DRAFT1/approval Bearer token-of-viewer");
	}

	@Test
	void aManagerApprovesADraftAndSeesTheApisConflictForAnOrderAlreadySent() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-manager");
		String draft = page("/ops/suppliers/purchase-orders/PO-DRAFT1", "zh-CN", manager);
		assertThat(draft).contains("id=\"approve\"", "id=\"cancel\"", "批准并发送").doesNotContain("id=\"receive\"", "??");

		this.mvc
			.perform(post("/ops/suppliers/purchase-orders/PO-DRAFT1/approval").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/suppliers/purchase-orders/PO-DRAFT1"))
			.andExpect(flash().attribute("notice", "Purchase order PO-DRAFT1 approved and sent to the supplier."));
		assertThat(GATEWAY.callLines())
			.contains("POST /admin/fulfillment/purchase-orders/PO-DRAFT1/approval Bearer token-of-manager");

		this.mvc
			.perform(post("/ops/suppliers/purchase-orders/PO-SENT1/approval").contextPath("/ops")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("failure",
					"Not possible now (409): Purchase order PO-SENT1 is CONFIRMED; it cannot be approved"));
	}

	@Test
	void aManagerReceivesWhatArrivedAndDraftsANewOrder() throws Exception {
		OAuth2AuthenticationToken manager = signedIn("ops-manager", "token-of-receiver");
		assertThat(page("/ops/suppliers/purchase-orders/PO-SENT1", "en", manager)).contains("id=\"receive\"",
				"id=\"cancel\"");
		this.mvc
			.perform(post("/ops/suppliers/purchase-orders/PO-SENT1/receipt").contextPath("/ops")
				.param("sku", "JACKET-BLK-M")
				.param("received", "10")
				.param("accepted", "9")
				.param("rejectReason", "broken zip")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/suppliers/purchase-orders/PO-SENT1"))
			.andExpect(flash().attribute("notice",
					"Purchase order PO-SENT1 received: accepted units are in stock and the supplier is settled."));
		StandInGateway.Call receipt = GATEWAY.calls()
			.stream()
			.filter((c) -> c.uri().endsWith("/PO-SENT1/receipt"))
			.findFirst()
			.orElseThrow();
		assertThat(receipt.body()).isEqualTo(
				"{\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"received\":10,\"accepted\":9,\"rejectReason\":\"broken zip\"}]}");

		this.mvc
			.perform(post("/ops/suppliers/purchase-orders/PO-SENT1/receipt").contextPath("/ops")
				.param("sku", "JACKET-BLK-M")
				.param("received", "ten")
				.param("accepted", "9")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(flash().attribute("failure", "Enter whole numbers of units (and a valid day)."));

		this.mvc
			.perform(post("/ops/suppliers/SUP-WARMTH/purchase-orders").contextPath("/ops")
				.param("sku", "JACKET-BLK-M")
				.param("quantity", "240")
				.param("location", "WH-SH-01")
				.param("needBy", "2026-12-20")
				.with(authentication(manager))
				.with(csrf()))
			.andExpect(redirectedUrl("/ops/suppliers/purchase-orders/PO-NEW1"));
		StandInGateway.Call drafted = GATEWAY.calls()
			.stream()
			.filter((c) -> c.method().equals("POST") && c.uri().equals("/admin/fulfillment/purchase-orders"))
			.findFirst()
			.orElseThrow();
		// Needed by the end of 20 December in Shanghai.
		assertThat(drafted.body()).isEqualTo("{\"supplierId\":\"SUP-WARMTH\",\"location\":\"WH-SH-01\","
				+ "\"needBy\":\"2026-12-20T16:00:00Z\",\"emergency\":false,\"lines\":[{\"sku\":\"JACKET-BLK-M\",\"quantity\":240}]}");
		assertThat(drafted.authorization()).isEqualTo("Bearer token-of-receiver");
	}

	@Test
	void everyPurchaseOrderStatusHasALabelInBothLanguages() {
		for (String bundle : new String[] { "i18n/suppliers.properties", "i18n/suppliers_zh_CN.properties" }) {
			Properties labels = StandInGateway.bundle(bundle);
			Supply.STATUSES
				.forEach((status) -> assertThat(labels).as(bundle).containsKey("suppliers.poStatus." + status));
		}
	}

	private String page(String path, String lang, OAuth2AuthenticationToken user) throws Exception {
		return this.mvc.perform(get(path).param("lang", lang).contextPath("/ops").with(authentication(user)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private OAuth2AuthenticationToken signedIn(String role, String token) {
		return StandInGateway.signedIn(role, token, this.clients, this.registrations);
	}

	private static String po(String id, String status) {
		return """
				{"purchaseOrderId": "%s", "supplierId": "SUP-WARMTH", "location": "WH-SH-01", "status": "%s",
				 "currency": "CNY", "needBy": "2026-12-20T16:00:00Z", "emergency": false, "origin": "MANUAL",
				 "approvedAt": null, "confirmedAt": null, "receivedAt": null,
				 "lines": [{"sku": "JACKET-BLK-M", "quantity": 10, "unitPriceMinor": 31000, "confirmedQuantity": null,
				            "confirmedPriceMinor": null, "asnQuantity": null, "receivedQuantity": null,
				            "acceptedQuantity": null, "rejectedQuantity": null, "rejectReason": null}],
				 "settlement": null}""".formatted(id, status);
	}

}
