package io.concord.inventory;

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
 * publishes at {@code /openapi/inventory-service}) keeps every promise of its committed
 * baseline, contracts/openapi/inventory-service.json (docs/api-versioning.md says how to
 * change it deliberately).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

	/**
	 * Operations with a path variable that never answer 404, each for a reason: a PUT
	 * that creates or replaces, or a read that answers an empty list or defaults.
	 */
	private static final String[] WITHOUT_NOT_FOUND = { "PUT /admin/inventory/skus/{sku}",
			"PUT /admin/inventory/locations/{code}", "PUT /admin/inventory/channels/{channel}/locations",
			"PUT /admin/inventory/regions/{code}", "GET /admin/inventory/stock/{sku}",
			"GET /admin/inventory/config/replenishment-policies/{sku}/{location}" };

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private OpenApiDocuments documents() {
		return OpenApiDocuments.of("http://localhost:" + this.port, "inventory-service", "io.concord.inventory")
			.withoutNotFound(WITHOUT_NOT_FOUND);
	}

	@Test
	void everyOperationIsDocumentedForTheDeveloperWhoCallsIt() {
		documents().assertEveryOperationDocumented(this.mappings, 30);
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
