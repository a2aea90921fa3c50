package io.concord.member.signin;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.concord.member.privacy.PersonalDataProtector;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The RSA keys access tokens are signed with, kept in the database (private keys
 * encrypted) so every replica signs with the same key and rotation is one admin call. The
 * newest key signs; rotated-out keys stay published in the JWKS for a grace period longer
 * than an access token lives, so tokens issued just before a rotation still verify.
 */
@Component
class SigningKeys {

	record SigningKey(String kid, RSAKey jwk) {
	}

	private final JdbcTemplate jdbc;

	private final PersonalDataProtector protector;

	private final SignInProperties properties;

	private final Clock clock;

	SigningKeys(JdbcTemplate jdbc, PersonalDataProtector protector, SignInProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.protector = protector;
		this.properties = properties;
		this.clock = clock;
	}

	/** The key that signs now; made on first use. */
	@Transactional
	SigningKey current() {
		List<SigningKey> active = this.jdbc.query(
				"select kid, private_key, public_jwk from signing_key where retired_at is null order by created_at desc limit 1",
				(rs, i) -> load(rs.getString(1), rs.getString(2), rs.getString(3)));
		if (!active.isEmpty()) {
			return active.get(0);
		}
		// Replicas starting together: one creates the key, the others wait on the lock
		// and read it.
		this.jdbc.execute("select pg_advisory_xact_lock(4242)");
		active = this.jdbc.query(
				"select kid, private_key, public_jwk from signing_key where retired_at is null order by created_at desc limit 1",
				(rs, i) -> load(rs.getString(1), rs.getString(2), rs.getString(3)));
		return active.isEmpty() ? create() : active.get(0);
	}

	/**
	 * Makes a new signing key and retires the previous ones (they stay published for the
	 * grace period).
	 */
	@Transactional
	SigningKey rotate() {
		this.jdbc.execute("select pg_advisory_xact_lock(4242)");
		this.jdbc.update("update signing_key set retired_at = ? where retired_at is null",
				Timestamp.from(this.clock.instant()));
		return create();
	}

	/** Public keys of the current key and of keys retired within the grace period. */
	@Transactional(readOnly = true)
	JWKSet publicKeys() {
		current();
		Instant graceStart = this.clock.instant().minus(this.properties.retiredKeyGrace());
		List<com.nimbusds.jose.jwk.JWK> keys = this.jdbc.query(
				"select public_jwk from signing_key where retired_at is null or retired_at > ? order by created_at desc",
				(rs, i) -> parse(rs.getString(1)), Timestamp.from(graceStart));
		return new JWKSet(keys);
	}

	private SigningKey create() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			String kid = UUID.randomUUID().toString();
			RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
				.privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.build();
			this.jdbc.update("insert into signing_key (kid, private_key, public_jwk, created_at) values (?, ?, ?, ?)",
					kid, this.protector.encrypt(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())),
					jwk.toPublicJWK().toJSONString(), Timestamp.from(this.clock.instant()));
			return new SigningKey(kid, jwk);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private SigningKey load(String kid, String encryptedPrivateKey, String publicJwk) {
		try {
			RSAKey publicKey = RSAKey.parse(publicJwk);
			byte[] pkcs8 = Base64.getDecoder().decode(this.protector.decrypt(encryptedPrivateKey));
			RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			return new SigningKey(kid, new RSAKey.Builder(publicKey).privateKey(privateKey).build());
		}
		catch (ParseException | NoSuchAlgorithmException | InvalidKeySpecException ex) {
			throw new IllegalStateException("Signing key " + kid + " is unreadable", ex);
		}
	}

	private static com.nimbusds.jose.jwk.JWK parse(String json) {
		try {
			return RSAKey.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
