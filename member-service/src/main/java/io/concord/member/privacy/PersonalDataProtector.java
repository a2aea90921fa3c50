package io.concord.member.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Encrypts, hashes for lookup, and masks personal data. */
@Component
@EnableConfigurationProperties(PrivacyProperties.class)
public class PersonalDataProtector {

	private static final int IV_BYTES = 12;

	private final SecretKeySpec encryptionKey;

	private final SecretKeySpec lookupKey;

	private final SecureRandom random = new SecureRandom();

	public PersonalDataProtector(PrivacyProperties properties) {
		this.encryptionKey = new SecretKeySpec(key(properties.encryptionKey(), "encryption-key"), "AES");
		this.lookupKey = new SecretKeySpec(key(properties.lookupKey(), "lookup-key"), "HmacSHA256");
	}

	/** AES-256-GCM with a random IV; the result is base64(iv || ciphertext || tag). */
	public String encrypt(String plain) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	public String decrypt(String encrypted) {
		try {
			byte[] all = Base64.getDecoder().decode(encrypted);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, all, 0, IV_BYTES));
			return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Decryption failed", ex);
		}
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

	private static byte[] key(String base64, String name) {
		byte[] key = (base64 != null) ? Base64.getDecoder().decode(base64) : new byte[0];
		if (key.length != 32) {
			throw new IllegalStateException("concord.member.privacy." + name + " must be base64 of 32 bytes");
		}
		return key;
	}

}
