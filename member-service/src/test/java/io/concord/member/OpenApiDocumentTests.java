package io.concord.member;

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
 * publishes at {@code /openapi/member-service}) keeps every promise of its committed
 * baseline, contracts/openapi/member-service.json (docs/api-versioning.md says how to
 * change it deliberately).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

	/**
	 * Operations with a path variable that never answer 404: the variable is a closed set
	 * (a segment, a tier), so any other value is a 400 and every valid one exists.
	 */
	private static final String[] WITHOUT_NOT_FOUND = { "GET /admin/members/segments/{segment}",
			"PUT /admin/members/config/tiers/{tier}" };

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private OpenApiDocuments documents() {
		return OpenApiDocuments.of("http://localhost:" + this.port, "member-service", "io.concord.member")
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
