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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.concord.member.privacy.EncryptedColumn;
import io.concord.member.privacy.PersonalDataProtector;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys access tokens are signed with, kept in the database (private keys
 * encrypted with the key-encryption key) so every replica signs with the same key and
 * rotation is one admin call. The newest key signs; rotated-out keys stay published in
 * the JWKS for a grace period longer than an access token lives, so tokens issued just
 * before a rotation still verify.
 *
 * <p>
 * Only signing needs the private key: it is decrypted once per replica and kept until the
 * active kid changes. The JWKS and token verification use the public keys, cached for
 * {@code concord.member.sign-in.jwks-cache-ttl} (so another replica's rotation is seen
 * within it) and reloaded at once after a rotation here; a token naming a kid not in the
 * cache reloads them at most every {@link #MIN_RELOAD_INTERVAL}, so bogus kids cost no
 * more than that.
 */
@Component
class SigningKeys implements EncryptedColumn {

	record SigningKey(String kid, RSAKey jwk) {
	}

	private record Published(JWKSet keys, Instant loadedAt) {
	}

	static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(1);

	private final JdbcTemplate jdbc;

	private final PersonalDataProtector protector;

	private final SignInProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private volatile @Nullable SigningKey signing;

	private volatile @Nullable Published published;

	SigningKeys(JdbcTemplate jdbc, PersonalDataProtector protector, SignInProperties properties,
			PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		this.protector = protector;
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** The key that signs now; made on first use. */
	SigningKey current() {
		List<String> active = activeKid();
		SigningKey cached = this.signing;
		if (!active.isEmpty() && cached != null && cached.kid().equals(active.get(0))) {
			return cached;
		}
		SigningKey key = active.isEmpty() ? this.transactions.execute((status) -> createUnlessPresent())
				: load(active.get(0));
		this.signing = key;
		// Another replica rotated: what this one publishes is stale too.
		this.published = null;
		return key;
	}

	/**
	 * Makes a new signing key and retires the previous ones (they stay published for the
	 * grace period).
	 */
	SigningKey rotate() {
		SigningKey key = this.transactions.execute((status) -> {
			this.jdbc.execute("select pg_advisory_xact_lock(4242)");
			this.jdbc.update("update signing_key set retired_at = ? where retired_at is null",
					Timestamp.from(this.clock.instant()));
			return create();
		});
		this.signing = key;
		this.published = null;
		return key;
	}

	/**
	 * Public keys of the current key and of keys retired within the grace period (cached,
	 * never decrypting anything).
	 */
	JWKSet publicKeys() {
		Published cached = this.published;
		Instant now = this.clock.instant();
		if (cached != null && now.isBefore(cached.loadedAt().plus(this.properties.jwksCacheTtl()))) {
			return cached.keys();
		}
		return reload(now).keys();
	}

	/**
	 * The public keys a token verification selects; a kid this replica has not seen yet
	 * (another replica rotated) reloads them, at most every {@link #MIN_RELOAD_INTERVAL}.
	 */
	List<JWK> verificationKeys(JWKSelector selector) {
		List<JWK> found = selector.select(publicKeys());
		Published cached = this.published;
		Instant now = this.clock.instant();
		if (found.isEmpty() && (cached == null || !now.isBefore(cached.loadedAt().plus(MIN_RELOAD_INTERVAL)))) {
			found = selector.select(reload(now).keys());
		}
		return found;
	}

	@Override
	public String name() {
		return "signingKeys";
	}

	/**
	 * Moves private keys to the current key-encryption key (the key material is kept).
	 */
	@Override
	public int reencrypt(int limit) {
		List<String[]> rows = this.jdbc.query("""
				select kid, private_key from signing_key where not starts_with(private_key, ?)
				order by created_at limit ? for update skip locked""",
				(rs, i) -> new String[] { rs.getString(1), rs.getString(2) }, this.protector.signingKeyPrefix(), limit);
		for (String[] row : rows) {
			this.jdbc.update("update signing_key set private_key = ? where kid = ?",
					this.protector.encryptSigningKey(this.protector.decryptSigningKey(row[1], row[0]), row[0]), row[0]);
		}
		return rows.size();
	}

	private List<String> activeKid() {
		return this.jdbc.queryForList(
				"select kid from signing_key where retired_at is null order by created_at desc limit 1", String.class);
	}

	private Published reload(Instant now) {
		if (activeKid().isEmpty()) {
			// Verifiers may ask before anyone signed in: the first key is made now (no
			// decryption: it is new).
			this.signing = this.transactions.execute((status) -> createUnlessPresent());
		}
		Instant graceStart = now.minus(this.properties.retiredKeyGrace());
		List<JWK> keys = this.jdbc.query(
				"select public_jwk from signing_key where retired_at is null or retired_at > ? order by created_at desc",
				(rs, i) -> parse(rs.getString(1)), Timestamp.from(graceStart));
		Published loaded = new Published(new JWKSet(keys), now);
		this.published = loaded;
		return loaded;
	}

	// Replicas starting together: one creates the key, the others wait on the lock and
	// read it.
	private SigningKey createUnlessPresent() {
		this.jdbc.execute("select pg_advisory_xact_lock(4242)");
		List<String> active = activeKid();
		return active.isEmpty() ? create() : load(active.get(0));
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
					kid, this.protector.encryptSigningKey(pair.getPrivate().getEncoded(), kid),
					jwk.toPublicJWK().toJSONString(), Timestamp.from(this.clock.instant()));
			return new SigningKey(kid, jwk);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private SigningKey load(String kid) {
		List<String[]> rows = this.jdbc.query("select private_key, public_jwk from signing_key where kid = ?",
				(rs, i) -> new String[] { rs.getString(1), rs.getString(2) }, kid);
		try {
			RSAKey publicKey = RSAKey.parse(rows.get(0)[1]);
			byte[] pkcs8 = this.protector.decryptSigningKey(rows.get(0)[0], kid);
			RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			return new SigningKey(kid, new RSAKey.Builder(publicKey).privateKey(privateKey).build());
		}
		catch (ParseException | NoSuchAlgorithmException | InvalidKeySpecException | IllegalStateException ex) {
			throw new IllegalStateException("Signing key " + kid + " is unreadable", ex);
		}
	}

	private static JWK parse(String json) {
		try {
			return RSAKey.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
