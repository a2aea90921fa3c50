package io.concord.fulfillment.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Seals a column value with AES-256-GCM: {@code enc:<key id>:<base64(iv || ciphertext ||
 * tag)>}, with a random 96-bit IV. The caller's context (what the value is and whose,
 * e.g. {@code carrier.webhook-secret:SWIFT}) is the associated data, so a value copied to
 * another row or column does not open. The key id names the key that opens it, so keys
 * can be rotated ({@link EncryptionProperties#previousKeys()}).
 */
@Component
public class FieldEncryption {

	static final String PREFIX = "enc:";

	private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final String currentKeyId;

	private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

	private final SecureRandom random = new SecureRandom();

	FieldEncryption(EncryptionProperties properties) {
		this.currentKeyId = add(properties.encryptionKey(), "encryption-key");
		properties.previousKeys().forEach((key) -> add(key, "previous-keys"));
	}

	/** The value to store for {@code plain} in {@code context}. */
	public String seal(String plain, String context) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return PREFIX + this.currentKeyId + ":" + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	/**
	 * The plain value of a stored one. A value without the {@code enc:} prefix was
	 * written before encryption (the startup sweep seals it) and is returned as it is.
	 * Throws {@link IllegalStateException} for an unknown key or a value that was changed
	 * or belongs to another context.
	 */
	public String open(String stored, String context) {
		if (!isSealed(stored)) {
			return stored;
		}
		int colon = stored.indexOf(':', PREFIX.length());
		SecretKeySpec key = (colon > 0) ? this.keys.get(stored.substring(PREFIX.length(), colon)) : null;
		if (key == null) {
			throw new IllegalStateException("A value in " + context + " is sealed with an unknown key; configure it in "
					+ "concord.fulfillment.secrets.previous-keys");
		}
		try {
			byte[] all = Base64.getDecoder().decode(stored.substring(colon + 1));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					"A value in " + context + " does not open: changed, or moved from " + "another row", ex);
		}
	}

	/** Whether the value is sealed under the current key (else the sweep seals it). */
	boolean isCurrent(String stored) {
		return stored.startsWith(currentPrefix());
	}

	/** {@code enc:<current key id>:}. */
	String currentPrefix() {
		return PREFIX + this.currentKeyId + ":";
	}

	/**
	 * Whether keys other than the current one are configured (a rotation is going on).
	 */
	boolean rotating() {
		return this.keys.size() > 1;
	}

	static boolean isSealed(String stored) {
		return stored.startsWith(PREFIX);
	}

	private String add(String configured, String property) {
		int colon = configured.indexOf(':');
		String id = (colon > 0) ? configured.substring(0, colon) : "";
		byte[] key;
		try {
			key = Base64.getDecoder().decode(configured.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			key = new byte[0];
		}
		if (!KEY_ID.matcher(id).matches() || key.length != 32) {
			throw new IllegalStateException("concord.fulfillment.secrets." + property
					+ " must be <key id>:<base64 of 32 random bytes>, the key id 1-32 letters, digits, - or _");
		}
		if (this.keys.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
			throw new IllegalStateException("concord.fulfillment.secrets: key id " + id + " is configured twice");
		}
		return id;
	}

}
