package io.concord.system;

import java.net.http.HttpResponse;
import java.util.Map;

import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promotions' doors on the real stack: running campaigns and quotes are open to guests
 * through the gateway, claims need a signed-in member, and the order flow's endpoints are
 * not on the public door at all. (The demo journey claims, quotes and locks end to end.)
 */
class PromotionSystemTests {

	@Test
	void guestsBrowseAndQuoteMembersClaimAndTheOrderFlowIsNotPublic() {
		String gateway = SystemStack.get().gatewayUrl();
		assertThat(TestHttp.call(gateway, "GET", "/api/promotions/campaigns", null, null).statusCode()).isEqualTo(200);
		HttpResponse<String> quote = TestHttp.call(gateway, "POST", "/api/promotions/quote", null, """
				{"channel": "WEB", "currency": "CNY",
				 "lines": [{"sku": "SYS-GUEST", "quantity": 1, "unitPriceMinor": 9900}]}""");
		assertThat(quote.statusCode()).as(quote.body()).isEqualTo(200);
		assertThat(quote.body()).contains("\"payableMinor\":");
		assertThat(TestHttp
			.call(gateway, "POST", "/api/promotions/coupons/ANY/claim", null, null,
					Map.of("Idempotency-Key", "sys-anonymous-claim"))
			.statusCode()).isEqualTo(401);
		String orderFlow = SystemStack.get().staffToken("fulfillment-service");
		assertThat(TestHttp.call(gateway, "POST", "/internal/promotions/orders", orderFlow, "{}").statusCode())
			.as("not on the public door")
			.isEqualTo(404);
		assertThat(TestHttp
			.call(SystemStack.get().serviceUrl("promotion-service"), "GET", "/internal/promotions/orders/NONE",
					orderFlow, null)
			.statusCode()).isEqualTo(404);
	}

}
