package io.concord.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.concord.platform.test.TestIssuers;

/**
 * A member-token issuer over real HTTP whose published keys a test can change, counting
 * every JWKS fetch: the gateway's member issuer in the JWKS tests.
 */
final class StubIssuer implements AutoCloseable {

	private final HttpServer server;

	private final List<RSAKey> published = new CopyOnWriteArrayList<>();

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile boolean failing;

	private volatile Duration delay = Duration.ZERO;

	StubIssuer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/jwks", (exchange) -> {
			this.fetches.incrementAndGet();
			try {
				Thread.sleep(this.delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.failing) {
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
				return;
			}
			byte[] body = new JWKSet(this.published.stream().map(RSAKey::toPublicJWK).map(JWK.class::cast).toList())
				.toString()
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
		this.server.start();
	}

	/**
	 * Points the gateway's member issuer here. An initializer, not a dynamic property:
	 * the platform's test issuers are put first into every test context's environment,
	 * and initializers run after that.
	 */
	void register(org.springframework.context.ConfigurableApplicationContext context) {
		register(context, "member");
	}

	/** As {@link #register}, for the member or the staff issuer. */
	void register(org.springframework.context.ConfigurableApplicationContext context, String issuer) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new org.springframework.core.env.MapPropertySource("stubIssuer-" + issuer,
					java.util.Map.of("concord.security." + issuer + ".jwk-set-uri", jwkSetUri())));
	}

	String jwkSetUri() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/jwks";
	}

	/** Answers 503 from now on (or again normally). */
	void failing(boolean failing) {
		this.failing = failing;
	}

	/** Answers each fetch after this long. */
	void delay(Duration delay) {
		this.delay = delay;
	}

	int fetches() {
		return this.fetches.get();
	}

	RSAKey publish(String kid) {
		RSAKey key = generate(kid);
		this.published.add(key);
		return key;
	}

	void withdraw(RSAKey key) {
		this.published.removeIf((candidate) -> candidate.getKeyID().equals(key.getKeyID()));
	}

	/** A member token signed with the key, as member-service signs them. */
	static String memberToken(RSAKey key, UUID member) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(TestIssuers.MEMBER_ISSUER)
			.subject(member.toString())
			.audience("concord")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
			.jwtID(UUID.randomUUID().toString())
			.build();
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

	static RSAKey generate(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
