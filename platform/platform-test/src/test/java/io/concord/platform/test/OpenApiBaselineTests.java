package io.concord.platform.test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class OpenApiBaselineTests {

	private static final String ORDER_FIELDS = """
			"orderId": {"type": "string"}, "status": {"type": "string"}""";

	@TempDir
	Path directory;

	@Test
	void removingAnOperationBreaksTheContract() {
		String baseline = document("0.1.0", ORDER_FIELDS, true);
		String current = document("0.1.0", ORDER_FIELDS, false);
		assertThat(OpenApiBaseline.breakingChanges(baseline, current))
			.containsExactly("- removed operation POST /api/orders");
	}

	@Test
	void removingADocumentedResponseFieldBreaksTheContract() {
		String baseline = document("0.1.0", ORDER_FIELDS, true);
		String current = document("0.1.0", """
				"orderId": {"type": "string"}""", true);
		assertThat(OpenApiBaseline.breakingChanges(baseline, current)).containsExactly(
				"- changed operation GET /api/orders/{orderId}: response 200 (application/json) no longer has field status");
	}

	@Test
	void addingAnOperationOrAResponseFieldKeepsTheContract() {
		String baseline = document("0.1.0", ORDER_FIELDS, false);
		String current = document("0.1.0", ORDER_FIELDS + """
				, "placedAt": {"type": "string"}""", true);
		assertThat(OpenApiBaseline.breakingChanges(baseline, current)).isEmpty();
	}

	@Test
	void theCheckFailsWithTheListOfBreakingChanges() throws Exception {
		Path baseline = this.directory.resolve("orders.json");
		Files.writeString(baseline, document("0.1.0", ORDER_FIELDS, true));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OpenApiBaseline.assertCompatible(document("0.1.0", ORDER_FIELDS, false), baseline))
			.withMessageContaining("- removed operation POST /api/orders")
			.withMessageContaining("-Dconcord.openapi.update-baseline=true");
		assertThatNoException()
			.isThrownBy(() -> OpenApiBaseline.assertCompatible(document("0.1.0", ORDER_FIELDS, true), baseline));
	}

	@Test
	void aCompatibleChangeFailsUntilTheBaselineIsWrittenSoClientsSeeIt() throws Exception {
		Path baseline = this.directory.resolve("orders.json");
		Files.writeString(baseline, document("0.1.0", ORDER_FIELDS, false));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OpenApiBaseline.assertCompatible(document("0.1.0", ORDER_FIELDS, true), baseline))
			.withMessageContaining("changed compatibly")
			.withMessageContaining("+ /paths/~1api~1orders");
	}

	@Test
	void aNumberedOperationIdFails() throws Exception {
		Path baseline = this.directory.resolve("orders.json");
		String numbered = document("0.1.0", ORDER_FIELDS, true).replace("\"operationId\": \"order\"",
				"\"operationId\": \"order_1\"");
		Files.writeString(baseline, numbered);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OpenApiBaseline.assertCompatible(numbered, baseline))
			.withMessageContaining("order_1");
	}

	@Test
	void aMissingBaselineFails() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OpenApiBaseline.assertCompatible(document("0.1.0", ORDER_FIELDS, true),
					this.directory.resolve("none.json")))
			.withMessageContaining("No OpenAPI baseline");
	}

	@Test
	void anUpdateWithABreakingChangeNeedsABreakingRelease() throws Exception {
		Path baseline = this.directory.resolve("orders.json");
		Files.writeString(baseline, document("0.1.0", ORDER_FIELDS, true));
		System.setProperty(OpenApiBaseline.UPDATE_PROPERTY, "true");
		try {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> OpenApiBaseline.assertCompatible(document("0.1.1", ORDER_FIELDS, false), baseline))
				.withMessageContaining("needs a higher major version");
			assertThat(Files.readString(baseline)).contains("\"0.1.0\"");
			OpenApiBaseline.assertCompatible(document("0.2.0", ORDER_FIELDS, false), baseline);
			assertThat(Files.readString(baseline)).contains("\"0.2.0\"").doesNotContain("\"post\"");
			// Additive changes need no new version.
			OpenApiBaseline.assertCompatible(document("0.2.0", ORDER_FIELDS, true), baseline);
			assertThat(Files.readString(baseline)).contains("\"post\"");
		}
		finally {
			System.clearProperty(OpenApiBaseline.UPDATE_PROPERTY);
		}
	}

	@Test
	void aBreakingReleaseIsAHigherMajorOrFor0xAHigherMinor() {
		assertThat(OpenApiBaseline.isBreakingRelease("1.4.2", "2.0.0")).isTrue();
		assertThat(OpenApiBaseline.isBreakingRelease("1.4.2", "1.5.0")).isFalse();
		assertThat(OpenApiBaseline.isBreakingRelease("0.1.0-SNAPSHOT", "0.2.0-SNAPSHOT")).isTrue();
		assertThat(OpenApiBaseline.isBreakingRelease("0.1.0-SNAPSHOT", "0.1.1")).isFalse();
	}

	private static String document(String version, String orderFields, boolean withPlaceOrder) {
		String placeOrder = withPlaceOrder ? """
				"/api/orders": {"post": {"operationId": "placeOrder", "responses": {"201": {"description": "Placed"}}}},
				""" : "";
		return """
				{"openapi": "3.1.0", "info": {"title": "Orders", "version": "%s"},
				 "paths": {%s
				  "/api/orders/{orderId}": {"get": {"operationId": "order",
				    "parameters": [{"name": "orderId", "in": "path", "required": true, "schema": {"type": "string"}}],
				    "responses": {"200": {"description": "The order", "content": {"application/json":
				      {"schema": {"$ref": "#/components/schemas/Order"}}}}}}}},
				 "components": {"schemas": {"Order": {"type": "object", "properties": {%s}}}}}
				""".formatted(version, placeOrder, orderFields);
	}

}
