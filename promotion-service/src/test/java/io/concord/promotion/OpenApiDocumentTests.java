package io.concord.promotion;

import io.concord.platform.test.OpenApiDocuments;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI documents a storefront developer builds against keep the platform's
 * documentation rules ({@link OpenApiDocuments}), and the public one (what the gateway
 * publishes at {@code /openapi/promotion-service}) keeps every promise of its committed
 * baseline, contracts/openapi/promotion-service.json (docs/api-versioning.md says how to
 * change it deliberately).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

	/**
	 * Operations with a path variable that never answer 404: a member promotion-service
	 * has not heard of simply has no coupons yet (an empty list); a create-or-replace
	 * creates what it does not know.
	 */
	private static final String[] WITHOUT_NOT_FOUND = { "GET /admin/promotions/members/{memberId}/coupons",
			// Create-or-replace: an unknown id is created, never a 404.
			"PUT /admin/promotions/competitors/sources/{sourceId}", "PUT /admin/promotions/repricing/rules/{ruleId}",
			"PUT /admin/promotions/repricing/costs/{sku}", "PUT /admin/promotions/repricing/plans/{sku}",
			"PUT /admin/promotions/repricing/kill-switches/{scope}" };

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private OpenApiDocuments documents() {
		return OpenApiDocuments.of("http://localhost:" + this.port, "promotion-service", "io.concord.promotion")
			.withoutNotFound(WITHOUT_NOT_FOUND);
	}

	@Test
	void everyOperationIsDocumentedForTheDeveloperWhoCallsIt() {
		documents().assertEveryOperationDocumented(this.mappings, 25);
	}

	@Test
	void thePublicDocumentShowsOnlyApiAndWebhookOperations() {
		documents().assertPublicDocumentShowsOnlyApiAndWebhooks();
	}

	@Test
	void thePublicDocumentKeepsTheBaselinesContract() {
		documents().assertPublicDocumentKeepsTheBaseline();
	}

}
