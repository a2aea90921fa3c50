package io.concord.member.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Encrypts, hashes for lookup, and masks personal data.
 *
 * <p>
 * A ciphertext is {@code <key id>:base64(iv || ciphertext || tag)} (AES-256-GCM, random
 * 96-bit IV) and is bound by its associated data to what it protects (an identity value
 * to its type, namespace and lookup hash; a signing key to its kid), so a value copied
 * into another row does not decrypt. Personal data uses the keyring's active key; older
 * keys only decrypt until a re-encryption moved their values. The private parts of token
 * signing keys use a key-encryption key of their own
 * ({@value #SIGNING_KEY_ENCRYPTION_KEY_ID}). Values without a key id come from before key
 * ids: the default key, no associated data.
 */
@Component
@EnableConfigurationProperties(PrivacyProperties.class)
public class PersonalDataProtector {

	/** The key id {@code concord.member.privacy.encryption-key} stands for. */
	public static final String DEFAULT_KEY_ID = "k1";

	/** The key id of the signing keys' key-encryption key. */
	static final String SIGNING_KEY_ENCRYPTION_KEY_ID = "kek";

	private static final Logger log = LoggerFactory.getLogger(PersonalDataProtector.class);

	private static final Pattern KEY_ID = Pattern.compile("[a-z0-9-]{1,16}");

	private static final int IV_BYTES = 12;

	private final Map<String, SecretKeySpec> keyring;

	private final String activeKeyId;

	private final @Nullable SecretKeySpec signingKeyEncryptionKey;

	private final SecretKeySpec lookupKey;

	private final SecureRandom random = new SecureRandom();

	private final Counter personalDataDecryptions;

	private final Counter signingKeyDecryptions;

	public PersonalDataProtector(PrivacyProperties properties, MeterRegistry meters) {
		this.personalDataDecryptions = meters.counter("concord.member.privacy.decryptions", "purpose", "personal-data");
		this.signingKeyDecryptions = meters.counter("concord.member.privacy.decryptions", "purpose", "signing-key");
		this.keyring = keyring(properties);
		this.activeKeyId = properties.activeKeyId();
		if (!this.keyring.containsKey(this.activeKeyId)) {
			throw new IllegalStateException("concord.member.privacy.active-key-id " + this.activeKeyId
					+ " is not in concord.member.privacy.encryption-keys " + this.keyring.keySet());
		}
		this.signingKeyEncryptionKey = isSet(properties.signingKeyEncryptionKey())
				? new SecretKeySpec(key(properties.signingKeyEncryptionKey(), "signing-key-encryption-key"), "AES")
				: null;
		if (this.signingKeyEncryptionKey == null) {
			log.warn("concord.member.privacy.signing-key-encryption-key is not set: token signing keys are "
					+ "encrypted with the personal-data key");
		}
		this.lookupKey = new SecretKeySpec(key(properties.lookupKey(), "lookup-key"), "HmacSHA256");
	}

	/** Encrypts personal data with the active key, bound to {@code context}. */
	public String encrypt(String plain, String context) {
		return this.activeKeyId + ":"
				+ seal(this.keyring.get(this.activeKeyId), plain.getBytes(StandardCharsets.UTF_8), context);
	}

	/**
	 * Decrypts personal data encrypted for {@code context}, with whichever key it names.
	 */
	public String decrypt(String encrypted, String context) {
		this.personalDataDecryptions.increment();
		int colon = encrypted.indexOf(':');
		if (colon < 0) {
			return new String(open(legacyKey(), encrypted, null), StandardCharsets.UTF_8);
		}
		String keyId = encrypted.substring(0, colon);
		SecretKeySpec key = this.keyring.get(keyId);
		if (key == null) {
			throw new IllegalStateException("Personal data is encrypted with key " + keyId
					+ ", which is not in concord.member.privacy.encryption-keys");
		}
		return new String(open(key, encrypted.substring(colon + 1), context), StandardCharsets.UTF_8);
	}

	/** The key new personal data is encrypted with. */
	public String activeKeyId() {
		return this.activeKeyId;
	}

	/** How values under the active key start (re-encryption skips them). */
	public String activeKeyPrefix() {
		return this.activeKeyId + ":";
	}

	/** Encrypts a signing key's private part (PKCS#8) with the key-encryption key. */
	public String encryptSigningKey(byte[] pkcs8, String kid) {
		String context = signingKeyContext(kid);
		if (this.signingKeyEncryptionKey == null) {
			return this.activeKeyId + ":" + seal(this.keyring.get(this.activeKeyId), pkcs8, context);
		}
		return SIGNING_KEY_ENCRYPTION_KEY_ID + ":" + seal(this.signingKeyEncryptionKey, pkcs8, context);
	}

	public byte[] decryptSigningKey(String encrypted, String kid) {
		this.signingKeyDecryptions.increment();
		int colon = encrypted.indexOf(':');
		if (colon < 0) {
			// Before key ids the private key was stored as base64 text under the
			// personal-data key.
			return Base64.getDecoder().decode(new String(open(legacyKey(), encrypted, null), StandardCharsets.UTF_8));
		}
		String keyId = encrypted.substring(0, colon);
		SecretKeySpec key = keyId.equals(SIGNING_KEY_ENCRYPTION_KEY_ID) ? this.signingKeyEncryptionKey
				: this.keyring.get(keyId);
		if (key == null) {
			throw new IllegalStateException(
					"Signing key " + kid + " is encrypted with key " + keyId + ", which is not configured");
		}
		return open(key, encrypted.substring(colon + 1), signingKeyContext(kid));
	}

	/** How signing keys under the current key start (re-encryption skips them). */
	public String signingKeyPrefix() {
		return ((this.signingKeyEncryptionKey != null) ? SIGNING_KEY_ENCRYPTION_KEY_ID : this.activeKeyId) + ":";
	}

	/** A keyed hash: equal inputs match, but the table alone reveals nothing. */
	public String lookupHash(String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.lookupKey);
			return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Hashing failed", ex);
		}
	}

	/**
	 * "+8613812345678" -> "+86*******5678"; "ada@example.com" -> "a**@example.com"; ids
	 * keep 4 chars.
	 */
	public static String mask(String value, boolean email) {
		if (email) {
			int at = value.indexOf('@');
			return (at <= 1) ? "*" + value.substring(Math.max(at, 0))
					: value.charAt(0) + "*".repeat(at - 1) + value.substring(at);
		}
		if (value.length() <= 4) {
			return "*".repeat(value.length());
		}
		int keepStart = value.startsWith("+") ? Math.min(3, value.length() - 4) : 0;
		return value.substring(0, keepStart) + "*".repeat(value.length() - 4 - keepStart)
				+ value.substring(value.length() - 4);
	}

	private String seal(SecretKeySpec key, byte[] plain, String context) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
			cipher.updateAAD(aad(context));
			byte[] sealed = cipher.doFinal(plain);
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	private static byte[] open(SecretKeySpec key, String base64, @Nullable String context) {
		try {
			byte[] all = Base64.getDecoder().decode(base64);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
			if (context != null) {
				cipher.updateAAD(aad(context));
			}
			return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Decryption failed", ex);
		}
	}

	private SecretKeySpec legacyKey() {
		SecretKeySpec key = this.keyring.get(DEFAULT_KEY_ID);
		if (key == null) {
			throw new IllegalStateException("A value without key id needs the key " + DEFAULT_KEY_ID
					+ " (concord.member.privacy.encryption-key); re-encrypt before removing it");
		}
		return key;
	}

	private static byte[] aad(String context) {
		return ("concord-member:" + context).getBytes(StandardCharsets.UTF_8);
	}

	private static String signingKeyContext(String kid) {
		return "signing-key:" + kid;
	}

	private static Map<String, SecretKeySpec> keyring(PrivacyProperties properties) {
		Map<String, SecretKeySpec> keyring = new LinkedHashMap<>();
		properties.encryptionKeys().forEach((id, base64) -> {
			if (!KEY_ID.matcher(id).matches() || id.equals(SIGNING_KEY_ENCRYPTION_KEY_ID)) {
				throw new IllegalStateException("concord.member.privacy.encryption-keys: key id " + id
						+ " must be 1 to 16 of a-z, 0-9, - (and not " + SIGNING_KEY_ENCRYPTION_KEY_ID + ")");
			}
			keyring.put(id, new SecretKeySpec(key(base64, "encryption-keys." + id), "AES"));
		});
		if (isSet(properties.encryptionKey())) {
			SecretKeySpec single = new SecretKeySpec(key(properties.encryptionKey(), "encryption-key"), "AES");
			SecretKeySpec listed = keyring.putIfAbsent(DEFAULT_KEY_ID, single);
			if (listed != null && !listed.equals(single)) {
				throw new IllegalStateException("concord.member.privacy.encryption-key and encryption-keys."
						+ DEFAULT_KEY_ID + " are different keys for the same id");
			}
		}
		return Map.copyOf(keyring);
	}

	private static boolean isSet(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	private static byte[] key(@Nullable String base64, String name) {
		byte[] key = (base64 != null) ? Base64.getDecoder().decode(base64) : new byte[0];
		if (key.length != 32) {
			throw new IllegalStateException("concord.member.privacy." + name + " must be base64 of 32 bytes");
		}
		return key;
	}

}
