package io.concord.platform.web.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * The document-wide parts: service information, the gateway as the only server, the two
 * token schemes, the shared {@code Problem} schema and the shared headers.
 */
class ServiceDocument implements GlobalOpenApiCustomizer {

	/** The member token scheme's name. */
	static final String MEMBER_TOKEN = "memberToken";

	/** The staff token scheme's name. */
	static final String STAFF_TOKEN = "staffToken";

	/** The shared problem schema's name. */
	static final String PROBLEM = "Problem";

	static final String REQUEST_ID = "X-Request-Id";

	static final String RETRY_AFTER = "Retry-After";

	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** The staff roles, each implying the ones before it. */
	static final Map<String, String> STAFF_ROLES = staffRoles();

	private final OpenApiProperties properties;

	private final String application;

	private final String version;

	ServiceDocument(OpenApiProperties properties, String application, String version) {
		this.properties = properties;
		this.application = application;
		this.version = version;
	}

	@Override
	public void customise(OpenAPI openApi) {
		OpenApiProperties.Contact contact = this.properties.contact();
		openApi.info(new Info()
			.title((this.properties.title() != null) ? this.properties.title() : "Concord " + this.application + " API")
			.description(this.properties.description())
			.version(this.version)
			.contact(new Contact().name(contact.name()).email(contact.email()).url(contact.url())));
		// Tried requests go through the gateway, as a storefront's do: never the
		// service's own port.
		openApi.servers(List
			.of(new Server().url(this.properties.serverUrl()).description(this.properties.serverDescription())));
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.components(components);
		components.addSecuritySchemes(MEMBER_TOKEN, memberToken());
		components.addSecuritySchemes(STAFF_TOKEN, staffToken());
		components.addSchemas(PROBLEM, problem());
		components.addHeaders(REQUEST_ID,
				new Header()
					.description(
							"The request's id (the caller's, else the gateway's); quote it when reporting a problem.")
					.schema(new StringSchema()));
		components.addHeaders(RETRY_AFTER, new Header().description("Seconds to wait before trying again.")
			.schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)));
		components.addHeaders(IDEMPOTENT_REPLAYED, new Header().description(
				"`true` when this is the stored answer to an earlier request with the same Idempotency-Key: nothing was done again.")
			.schema(new StringSchema()._enum(List.of("true"))));
		components.addParameters(REQUEST_ID,
				new Parameter().in("header")
					.name(REQUEST_ID)
					.required(false)
					.description("Your id for the request (letters, digits, '-', up to 64); one is made when absent. "
							+ "It is echoed in the response and in problem details.")
					.schema(new StringSchema().maxLength(64)));
		tags(openApi);
	}

	private void tags(OpenAPI openApi) {
		if (this.properties.tags().isEmpty()) {
			return;
		}
		List<Tag> tags = new ArrayList<>((openApi.getTags() != null) ? openApi.getTags() : List.of());
		this.properties.tags().forEach((name, description) -> {
			Tag existing = tags.stream().filter((tag) -> name.equals(tag.getName())).findFirst().orElse(null);
			if (existing == null) {
				tags.add(new Tag().name(name).description(description));
			}
			else if (existing.getDescription() == null) {
				existing.description(description);
			}
		});
		openApi.tags(tags);
	}

	private static SecurityScheme memberToken() {
		return new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("JWT")
			.description("A member's access token, from `POST /api/auth/token` (sign-in): "
					+ "`Authorization: Bearer <token>`.");
	}

	private SecurityScheme staffToken() {
		Scopes scopes = new Scopes();
		STAFF_ROLES.forEach(scopes::addString);
		return new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
			.description("A staff or service-client access token (JWT) from the staff issuer, "
					+ "client-credentials grant; sent as `Authorization: Bearer <token>`. Its roles claim "
					+ "decides what it may do: ops-viewer reads, ops-manager also changes, admin also configures.")
			.flows(new OAuthFlows()
				.clientCredentials(new OAuthFlow().tokenUrl(this.properties.staffTokenUrl()).scopes(scopes)));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problem() {
		ObjectSchema fieldError = new ObjectSchema();
		fieldError.addProperty("field", new StringSchema().description("The field or parameter, e.g. `email`."));
		fieldError.addProperty("message", new StringSchema().description("What is wrong with it."));
		fieldError.required(List.of("field", "message"));
		Schema problem = new ObjectSchema()
			.description("An RFC 9457 problem detail. Clients branch on `type`; a type never changes meaning once "
					+ "published. Some types add members of their own (e.g. `retryAfterSeconds`, `shortLines`).")
			.addProperty("type",
					new StringSchema().format("uri")
						.description("What happened: `https://concord.dev/problems/<slug>`.")
						.example("https://concord.dev/problems/validation"))
			.addProperty("title", new StringSchema().description("A short summary of the type."))
			.addProperty("status", new IntegerSchema().description("The HTTP status."))
			.addProperty("detail", new StringSchema().description("What happened in this occurrence."))
			.addProperty("instance", new StringSchema().format("uri-reference").description("The request path."))
			.addProperty("requestId", new StringSchema().description("The request's id: quote it when reporting."))
			.addProperty("errors", new ArraySchema().items(fieldError)
				.description("For `validation` (and some business types): each invalid field."));
		problem.required(List.of("type", "title", "status"));
		problem.additionalProperties(Boolean.TRUE);
		return problem;
	}

	private static Map<String, String> staffRoles() {
		// Mirrors platform-security's StaffRole (which this module does not depend on);
		// the services' contract tests check the derived requirements against the real
		// rules.
		Map<String, String> roles = new LinkedHashMap<>();
		roles.put("ops-viewer", "Ops staff who read");
		roles.put("ops-manager", "Ops staff who also change (implies ops-viewer)");
		roles.put("admin", "Administrators who also configure (implies ops-manager)");
		return java.util.Collections.unmodifiableMap(roles);
	}

}
