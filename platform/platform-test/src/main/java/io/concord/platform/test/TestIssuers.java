package io.concord.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Stand-ins for the two token issuers Concord trusts, shared by every test in the JVM:
 * each has its own RSA key, published as a JWKS over real HTTP, so services and the
 * gateway validate test tokens exactly as they validate production ones. Every Spring
 * test context is pointed at them; member-service keeps its own keys for member tokens.
 */
public final class TestIssuers {

	public static final String MEMBER_ISSUER = "concord-member-service";

	public static final String STAFF_ISSUER = "https://staff.test.concord.dev";

	private static TestIssuers instance;

	private final RSAKey memberKey = generate("test-member");

	private final RSAKey staffKey = generate("test-staff");

	/** Signs like an issuer but is published nowhere: a forged token. */
	private final RSAKey forgerKey = generate("test-staff");

	private final HttpServer jwks;

	private TestIssuers() {
		try {
			this.jwks = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		publish("/member/jwks", this.memberKey);
		publish("/staff/jwks", this.staffKey);
		this.jwks.start();
	}

	public static synchronized TestIssuers get() {
		if (instance == null) {
			instance = new TestIssuers();
		}
		return instance;
	}

	/**
	 * A member access token as member-service would issue it, signed in on the app.
	 */
	public String memberToken(UUID member) {
		return memberToken(member, "APP");
	}

	/**
	 * A member access token signed in on {@code channel} (the claim that decides the
	 * sales channel of the member's quotes and orders).
	 */
	public String memberToken(UUID member, String channel) {
		return sign(this.memberKey,
				claims(MEMBER_ISSUER, member.toString(), Duration.ofMinutes(15)).audience("concord")
					.claim("scope", "member")
					.claim("channel", channel)
					.build());
	}

	/** A staff token from the staff OIDC issuer with the given roles. */
	public String staffToken(String subject, String... roles) {
		return sign(this.staffKey,
				claims(STAFF_ISSUER, subject, Duration.ofMinutes(5)).claim("roles", List.of(roles)).build());
	}

	/**
	 * A sales channel backend's client-credentials token from the staff issuer, as the
	 * development issuer gives client {@code channel-<name>}: role
	 * {@code channel:<name>}.
	 */
	public String channelClientToken(String clientName) {
		return staffToken("channel-" + clientName, "channel:" + clientName);
	}

	/** Claims a staff role but is signed by a key the staff issuer never published. */
	public String forgedStaffToken(String subject, String... roles) {
		return sign(this.forgerKey,
				claims(STAFF_ISSUER, subject, Duration.ofMinutes(5)).claim("roles", List.of(roles)).build());
	}

	/** A staff token that expired a minute ago (beyond the validators' clock skew). */
	public String expiredStaffToken(String subject, String... roles) {
		return sign(this.staffKey,
				claims(STAFF_ISSUER, subject, Duration.ofMinutes(-5)).claim("roles", List.of(roles)).build());
	}

	/** Where the test issuers are, as {@code concord.security.*} properties. */
	public Map<String, Object> properties() {
		String base = "http://localhost:" + this.jwks.getAddress().getPort();
		return Map.of("concord.security.member.issuer", MEMBER_ISSUER, "concord.security.member.jwk-set-uri",
				base + "/member/jwks", "concord.security.staff.issuer", STAFF_ISSUER,
				"concord.security.staff.jwk-set-uri", base + "/staff/jwks");
	}

	private static JWTClaimsSet.Builder claims(String issuer, String subject, Duration lifetime) {
		Instant now = Instant.now();
		Instant expiry = now.plus(lifetime);
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(subject)
			.issueTime(Date.from(lifetime.isNegative() ? expiry.minusSeconds(60) : now))
			.expirationTime(Date.from(expiry))
			.jwtID(UUID.randomUUID().toString());
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private void publish(String path, RSAKey key) {
		byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.jwks.createContext(path, (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
	}

	private static RSAKey generate(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Points every Spring test context at the test issuers. */
	static final class ContextCustomizerFactory implements org.springframework.test.context.ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			return new IssuersCustomizer();
		}

	}

	static final class IssuersCustomizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("concordTestIssuers", TestIssuers.get().properties()));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof IssuersCustomizer;
		}

		@Override
		public int hashCode() {
			return IssuersCustomizer.class.hashCode();
		}

	}

}
