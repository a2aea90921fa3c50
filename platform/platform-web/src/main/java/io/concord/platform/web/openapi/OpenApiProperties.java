package io.concord.platform.web.openapi;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a service's OpenAPI documents say about it. Services set {@code title},
 * {@code description} and their {@code tags}' descriptions in application.yml; operators
 * set where the documents send tried requests ({@code CONCORD_OPENAPI_SERVER_URL}: the
 * gateway, never a service's own port) and the staff issuer's token URL.
 *
 * @param title the document's title (default: "Concord &lt;application name&gt; API")
 * @param description what the API is for, in Markdown
 * @param version the API's version; unset, the build's (Boot build info, the jar's
 * {@code Implementation-Version}, else the platform's project version)
 * @param contact who answers questions about the API
 * @param serverUrl the gateway's public address, the documents' only server
 * @param serverDescription how the server is described
 * @param staffTokenUrl the staff issuer's OAuth2 token endpoint (client credentials)
 * @param tags descriptions of the operations' tags (business capabilities), by tag name
 */
@ConfigurationProperties("concord.openapi")
public record OpenApiProperties(@Nullable String title, @Nullable String description, @Nullable String version,
		@DefaultValue Contact contact, @DefaultValue("http://localhost:8080") String serverUrl,
		@DefaultValue("The Concord gateway") String serverDescription,
		@DefaultValue("http://localhost:9000/oauth2/token") String staffTokenUrl,
		@DefaultValue Map<String, String> tags) {

	/**
	 * @param name the team or person
	 * @param email where to write
	 * @param url where to read more
	 */
	public record Contact(@DefaultValue("Concord API team") String name, @DefaultValue("api@concord.dev") String email,
			@DefaultValue("https://concord.dev/docs/api") String url) {

	}

}
