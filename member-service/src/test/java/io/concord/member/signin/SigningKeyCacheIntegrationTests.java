package io.concord.member.signin;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.concord.member.privacy.PersonalDataProtector;
import io.concord.member.support.MemberApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWKS and member-service's own token checks use cached public keys; the private key
 * is decrypted once per replica and signing key (issue 16, M5 member half). Counted on
 * the protector's decryption meter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SigningKeyCacheIntegrationTests {

	private static final RSAKey FORGER = generate();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PersonalDataProtector protector;

	@Autowired
	SignInProperties properties;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	Clock clock;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	@DisplayName("M5: JWKS reads, token checks (bogus kids included) and repeated sign-ins never decrypt a private key")
	void m5_jwksReadsAndTokenChecksNeverDecryptThePrivateKey() throws Exception {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "APP");
		double before = signingKeyDecryptions().count();

		for (int i = 0; i < 50; i++) {
			HttpResponse<String> jwks = this.api.raw("/api/auth/jwks");
			assertThat(jwks.statusCode()).isEqualTo(200);
			assertThat(jwks.headers().firstValue("Cache-Control")).hasValue("max-age=30, public");
			assertThat(this.api.get("/api/members/me", member[1]).status()).isEqualTo(200);
			assertThat(this.api.get("/api/members/me", tokenWithUnknownKid()).status()).isEqualTo(401);
		}
		// Four more: with registration's, as many sign-in codes as a phone gets in an
		// hour.
		for (int i = 0; i < 4; i++) {
			assertThat(this.api.signInWithCode(phone, "APP").status()).isEqualTo(200);
		}
		assertThat(signingKeyDecryptions().count()).isEqualTo(before);
	}

	@Test
	void anotherReplicasRotationIsFollowedWithOneDecryptionAndItsTokensVerifyAtOnce() {
		String phone = MemberApi.newPhone();
		String[] member = this.api.registerAndSignIn(phone, "APP");
		SigningKeys otherReplica = new SigningKeys(this.jdbc, this.protector, this.properties, this.transactions,
				this.clock);
		String rotated = otherReplica.rotate().kid();
		double before = signingKeyDecryptions().count();

		// This replica signs with the new key after reading it once...
		for (int i = 0; i < 3; i++) {
			MemberApi.Answer signedIn = this.api.signInWithCode(phone, "APP");
			assertThat(kidOf(signedIn.field("accessToken"))).isEqualTo(rotated);
			// ...and verifies tokens of a key it had not published yet without waiting
			// for its cache to expire.
			assertThat(this.api.get("/api/members/me", signedIn.field("accessToken")).status()).isEqualTo(200);
		}
		assertThat(signingKeyDecryptions().count() - before).isEqualTo(1);
		assertThat(this.api.get("/api/members/me", member[1]).status()).as("the retired key still verifies")
			.isEqualTo(200);

		// A rotation here is published at once and needs no decryption.
		String here = this.api.post("/admin/members/config/signing-keys/rotation", "{}", null).field("kid");
		assertThat(this.api.get("/api/auth/jwks", null).body()).contains(here).contains(rotated);
		assertThat(kidOf(this.api.signInWithCode(phone, "APP").field("accessToken"))).isEqualTo(here);
		assertThat(signingKeyDecryptions().count() - before).isEqualTo(1);
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Counter signingKeyDecryptions() {
		Counter counter = this.meters.find("concord.member.privacy.decryptions")
			.tag("purpose", "signing-key")
			.counter();
		assertThat(counter).as("the protector counts its decryptions").isNotNull();
		return counter;
	}

	private static String kidOf(String token) throws RuntimeException {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// Right issuer and audience, signed by a key nobody published, under a random kid:
	// what an attacker sends to make a verifier fetch keys.
	private static String tokenWithUnknownKid() throws Exception {
		RSAKey key = new RSAKey.Builder(FORGER).keyID(UUID.randomUUID().toString()).build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				new JWTClaimsSet.Builder().issuer("concord-member-service")
					.audience("concord")
					.subject(UUID.randomUUID().toString())
					.issueTime(new Date())
					.expirationTime(new Date(System.currentTimeMillis() + 60_000))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
