package io.concord.member.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Key ids, associated data and the key-encryption key (issue 16, L12), on the protector
 * alone; {@code KeyRotationIntegrationTests} rotates a running service's keys.
 */
class PersonalDataProtectorTests {

	static final String K1 = key(1);

	static final String K2 = key(2);

	static final String KEK = key(3);

	static final String LOOKUP = key(4);

	@Test
	@DisplayName("L12: ciphertexts name their key and are bound to what they protect")
	void l12_ciphertextsCarryTheirKeyIdAndDoNotDecryptForAnotherPurpose() {
		PersonalDataProtector protector = protector(K1, Map.of(), "k1", KEK);
		String phone = protector.encrypt("+8613912345678", "identity:PHONE::abc");
		assertThat(phone).startsWith("k1:");
		assertThat(protector.decrypt(phone, "identity:PHONE::abc")).isEqualTo("+8613912345678");
		assertThatIllegalStateException().as("copied into another identity's row")
			.isThrownBy(() -> protector.decrypt(phone, "identity:PHONE::def"));
		assertThatIllegalStateException().as("copied into a signing key's row")
			.isThrownBy(() -> protector.decryptSigningKey(phone, "kid-1"));

		byte[] privateKey = "pkcs8 bytes".getBytes(StandardCharsets.UTF_8);
		String sealed = protector.encryptSigningKey(privateKey, "kid-1");
		assertThat(sealed).as("the signing keys' own key").startsWith("kek:");
		assertThat(protector.decryptSigningKey(sealed, "kid-1")).isEqualTo(privateKey);
		assertThatIllegalStateException().isThrownBy(() -> protector.decryptSigningKey(sealed, "kid-2"));
		assertThatIllegalStateException().as("the personal-data keys cannot open it")
			.isThrownBy(() -> protector(K1, Map.of(), "k1", null).decryptSigningKey(sealed, "kid-1"));
	}

	@Test
	@DisplayName("L12: a rotated keyring reads old and pre-key-id values, and writes with the active key")
	void l12_rotatedKeyringReadsOldValuesAndWritesWithTheActiveKey() {
		PersonalDataProtector before = protector(K1, Map.of(), "k1", null);
		String underK1 = before.encrypt("ada@example.com", "identity:EMAIL::h");
		String legacy = legacy(K1, "ada@example.com");
		String legacySigningKey = legacy(K1, Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3 }));

		PersonalDataProtector rotated = protector(K1, Map.of("k2", K2), "k2", KEK);
		assertThat(rotated.decrypt(underK1, "identity:EMAIL::h")).isEqualTo("ada@example.com");
		assertThat(rotated.decrypt(legacy, "identity:EMAIL::h")).isEqualTo("ada@example.com");
		assertThat(rotated.decryptSigningKey(legacySigningKey, "kid")).containsExactly(1, 2, 3);
		assertThat(rotated.encrypt("ada@example.com", "identity:EMAIL::h")).startsWith("k2:");
		assertThat(rotated.activeKeyPrefix()).isEqualTo("k2:");
		assertThat(rotated.signingKeyPrefix()).isEqualTo("kek:");

		PersonalDataProtector withoutK1 = protector(null, Map.of("k2", K2), "k2", KEK);
		assertThatIllegalStateException().isThrownBy(() -> withoutK1.decrypt(underK1, "identity:EMAIL::h"))
			.withMessageContaining("k1");
		assertThatIllegalStateException().isThrownBy(() -> withoutK1.decrypt(legacy, "identity:EMAIL::h"))
			.withMessageContaining("re-encrypt");
	}

	@Test
	void aKeyringThatCannotWorkRefusesToStart() {
		assertThatIllegalStateException().isThrownBy(() -> protector(K1, Map.of(), "k2", null))
			.withMessageContaining("active-key-id");
		assertThatIllegalStateException().isThrownBy(() -> protector(K1, Map.of("k1", K2), "k1", null))
			.withMessageContaining("different keys");
		assertThatIllegalStateException().isThrownBy(() -> protector(null, Map.of("Key_1", K2), "Key_1", null))
			.withMessageContaining("key id");
		assertThatIllegalStateException().isThrownBy(() -> protector(null, Map.of("kek", K2), "kek", null));
		assertThatIllegalStateException().isThrownBy(() -> protector(null, Map.of("k1", "c2hvcnQ="), "k1", null))
			.withMessageContaining("32 bytes");
		assertThat(protector(K1, Map.of("k1", K1), "k1", null).activeKeyId()).isEqualTo("k1");
	}

	static PersonalDataProtector protector(String single, Map<String, String> keyring, String active, String kek) {
		return new PersonalDataProtector(new PrivacyProperties(single, keyring, active, LOOKUP, kek),
				new SimpleMeterRegistry());
	}

	/** What the protector wrote before key ids: base64(iv || AES-GCM), no AAD. */
	static String legacy(String base64Key, String plain) {
		try {
			byte[] iv = new byte[12];
			new SecureRandom().nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
					new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String key(int seed) {
		byte[] key = new byte[32];
		new java.util.Random(seed).nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
