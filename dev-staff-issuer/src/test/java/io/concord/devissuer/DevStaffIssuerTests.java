package io.concord.devissuer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.concord.platform.security.TokenAuthorities;
import io.concord.platform.security.TrustedIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development issuer's tokens pass the same validation the services apply to staff
 * tokens, and carry exactly the role of the client that asked.
 */
// platform-security is here only for its token checks, not as this app's security.
// It runs on development secrets: the local stack's (concord.environment=local).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "spring.autoconfigure.exclude=io.concord.platform.security.ServiceSecurityAutoConfiguration",
				"concord.environment=local" })
class DevStaffIssuerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// The issuer names its own address, so the port is chosen before it starts.
	private static final int PORT = freePort();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void address(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("concord.dev-staff-issuer.issuer", () -> "http://localhost:" + PORT);
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void eachRoleClientGetsATokenTheServicesAcceptWithThatRole() throws Exception {
		String base = "http://localhost:" + this.port;
		// As the services check staff tokens outside the local stack: audience and
		// client.
		TrustedIssuers.Issuer staff = new TrustedIssuers(null, new TrustedIssuers.Issuer(base, base + "/oauth2/jwks",
				"concord-api", null, null,
				java.util.stream.Stream
					.concat(java.util.stream.Stream.of("ops-viewer", "ops-manager", "admin", "fulfillment-service"),
							DevStaffIssuerApplication.CHANNEL_CLIENTS.stream().map((channel) -> "channel-" + channel))
					.toList()))
			.staff();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(staff.requiredJwkSetUri()).build();
		decoder.setJwtValidator(TokenAuthorities.validator(staff));
		for (String role : DevStaffIssuerApplication.ROLES) {
			HttpResponse<String> answer = token(base, role, role + "-local-dev-only");
			assertThat(answer.statusCode()).isEqualTo(200);
			Jwt jwt = decoder.decode(JSON.readTree(answer.body()).path("access_token").asString());
			assertThat(jwt.getSubject()).isEqualTo(role);
			assertThat(jwt.getAudience()).containsExactly("concord-api");
			assertThat(jwt.getClaimAsString("azp")).isEqualTo(role);
			List<String> authorities = TokenAuthorities.staff(staff)
				.convert(jwt)
				.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.toList();
			assertThat(authorities).contains("ROLE_" + role);
		}
		HttpResponse<String> service = token(base, "fulfillment-service", "fulfillment-service-local-dev-only");
		assertThat(service.statusCode()).isEqualTo(200);
		assertThat(TokenAuthorities.staff(staff)
			.convert(decoder.decode(JSON.readTree(service.body()).path("access_token").asString()))
			.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList()).as("a service role and nothing else").containsExactly("ROLE_service:order-flow");
		for (String channel : DevStaffIssuerApplication.CHANNEL_CLIENTS) {
			HttpResponse<String> client = token(base, "channel-" + channel, "channel-" + channel + "-local-dev-only");
			assertThat(client.statusCode()).as(channel).isEqualTo(200);
			Jwt jwt = decoder.decode(JSON.readTree(client.body()).path("access_token").asString());
			assertThat(jwt.getSubject()).isEqualTo("channel-" + channel);
			assertThat(TokenAuthorities.staff(staff)
				.convert(jwt)
				.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.toList()).as("a channel role and nothing else").containsExactly("ROLE_channel:" + channel);
		}
		assertThat(DevStaffIssuerApplication.CHANNEL_CLIENTS).containsExactlyInAnyOrder("mini-program", "livestream",
				"marketplace", "store-pos", "app-backend");
		assertThat(token(base, "channel-mini-program", "channel-livestream-local-dev-only").statusCode())
			.isEqualTo(401);
		assertThat(token(base, "admin", "ops-viewer-local-dev-only").statusCode()).isEqualTo(401);
		assertThat(token(base, "superuser", "superuser-local-dev-only").statusCode()).isEqualTo(401);
		String discovery = HTTP
			.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(JSON.readTree(discovery).path("issuer").asString()).isEqualTo(base);
		assertThat(HTTP
			.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).as("the launcher waits on this").isEqualTo(200);
	}

	@Test
	void theSwaggerUiOriginMayAskForATokenFromTheBrowserAndNoOtherOriginMay() throws Exception {
		String base = "http://localhost:" + this.port;
		HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.timeout(Duration.ofSeconds(10))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://localhost:8080")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
		HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.timeout(Duration.ofSeconds(10))
			.header("Origin", "http://localhost:8080")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&client_id=ops-viewer&client_secret=ops-viewer-local-dev-only"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
		HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.timeout(Duration.ofSeconds(10))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://attacker.example")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(elsewhere.statusCode()).isEqualTo(403);
		assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void staffSignInInABrowserAndTheConsoleGetsATokenWithTheUsersRole() throws Exception {
		String base = "http://localhost:" + this.port;
		TrustedIssuers.Issuer staff = new TrustedIssuers(null, new TrustedIssuers.Issuer(base, base + "/oauth2/jwks",
				"concord-api", null, null, List.of("ops-console")))
			.staff();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(staff.requiredJwkSetUri()).build();
		decoder.setJwtValidator(TokenAuthorities.validator(staff));
		for (String role : DevStaffIssuerApplication.ROLES) {
			Browser browser = new Browser(base);
			String code = browser.signIn(role, role + "-local-dev-only");
			assertThat(code).as(role).isNotNull();
			HttpResponse<String> answer = browser.exchange(code);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			Jwt jwt = decoder.decode(JSON.readTree(answer.body()).path("access_token").asString());
			assertThat(jwt.getSubject()).isEqualTo(role);
			assertThat(jwt.getClaimAsString("azp")).isEqualTo("ops-console");
			assertThat(jwt.getClaimAsStringList("roles")).containsExactly(role);
			assertThat(TokenAuthorities.staff(staff)
				.convert(jwt)
				.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.toList()).contains("ROLE_" + role);
			assertThat(JSON.readTree(answer.body()).path("id_token").asString()).as("OpenID Connect").isNotBlank();
		}
		assertThat(new Browser(base).signIn("admin", "ops-viewer-local-dev-only")).as("a wrong password").isNull();
		assertThat(new Browser(base).signIn("superuser", "superuser-local-dev-only")).as("no such user").isNull();
		// The console's code comes only with its PKCE verifier.
		Browser browser = new Browser(base);
		String code = browser.signIn("ops-manager", "ops-manager-local-dev-only");
		browser.verifier = "a-different-verifier-that-is-long-enough-0123456789";
		assertThat(browser.exchange(code).statusCode()).isEqualTo(400);
	}

	/**
	 * A browser's side of the authorization-code flow: cookies, the login form, the
	 * redirects it would follow, and the console's back-channel code exchange.
	 */
	static final class Browser {

		private static final String REDIRECT = "http://localhost:8080/ops/login/oauth2/code/staff";

		private final String base;

		private final HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.cookieHandler(new java.net.CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		String verifier = "verifier-" + java.util.UUID.randomUUID() + java.util.UUID.randomUUID();

		Browser(String base) {
			this.base = base;
		}

		/** Signs in and returns the code the console receives, or null when refused. */
		@org.jspecify.annotations.Nullable
		String signIn(String user, String password) throws Exception {
			String challenge = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(java.security.MessageDigest.getInstance("SHA-256")
					.digest(this.verifier.getBytes(StandardCharsets.US_ASCII)));
			HttpResponse<String> authorize = get(this.base
					+ "/oauth2/authorize?response_type=code&client_id=ops-console&scope=openid%20profile&state=s1"
					+ "&redirect_uri=" + encode(REDIRECT) + "&code_challenge=" + challenge
					+ "&code_challenge_method=S256");
			assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
			assertThat(location(authorize)).endsWith("/login");
			HttpResponse<String> page = get(this.base + "/login");
			assertThat(page.statusCode()).isEqualTo(200);
			java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
				.matcher(page.body());
			assertThat(csrf.find()).as(page.body()).isTrue();
			HttpResponse<String> login = this.http.send(HttpRequest.newBuilder(URI.create(this.base + "/login"))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("username=" + encode(user) + "&password=" + encode(password)
						+ "&_csrf=" + encode(csrf.group(1))))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(login.statusCode()).isEqualTo(302);
			if (location(login).contains("/login?error")) {
				return null;
			}
			HttpResponse<String> resumed = get(location(login));
			assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(302);
			String callback = location(resumed);
			assertThat(callback).startsWith(REDIRECT).contains("state=s1");
			java.util.regex.Matcher code = java.util.regex.Pattern.compile("[?&]code=([^&]+)").matcher(callback);
			return code.find() ? java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8) : null;
		}

		HttpResponse<String> exchange(String code) throws Exception {
			String basic = Base64.getEncoder()
				.encodeToString("ops-console:ops-console-local-dev-only".getBytes(StandardCharsets.UTF_8));
			return HTTP.send(HttpRequest.newBuilder(URI.create(this.base + "/oauth2/token"))
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code)
						+ "&redirect_uri=" + encode(REDIRECT) + "&code_verifier=" + encode(this.verifier)))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		private HttpResponse<String> get(String url) throws Exception {
			String absolute = url.startsWith("http") ? url : this.base + url;
			return this.http.send(HttpRequest.newBuilder(URI.create(absolute))
				.timeout(Duration.ofSeconds(10))
				.header("Accept", "text/html")
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		private static String location(HttpResponse<String> response) {
			return response.headers().firstValue("Location").orElse("");
		}

		private static String encode(String value) {
			return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	private static HttpResponse<String> token(String base, String client, String secret) throws Exception {
		String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
