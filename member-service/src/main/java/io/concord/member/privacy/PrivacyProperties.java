package io.concord.member.privacy;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys for personal data, base64 of 32 random bytes each. Production takes them from a
 * secret store; the defaults in application.yml are for local use only.
 *
 * @param encryptionKey the single AES-256 key of deployments before key ids: it is the
 * key of id {@value PersonalDataProtector#DEFAULT_KEY_ID}, and values stored without a
 * key id were encrypted with it
 * @param encryptionKeys the keyring: AES-256 keys for identity values by key id
 * ({@code [a-z0-9-]{1,16}}); old keys stay here until a re-encryption has moved every
 * value to the active one
 * @param activeKeyId the key new values are encrypted with
 * @param lookupKey HMAC key for the lookup hashes
 * @param signingKeyEncryptionKey AES-256 key-encryption key for the private parts of the
 * token signing keys, kept apart from the personal-data keys; unset, signing keys are
 * encrypted with the active personal-data key (as before it existed)
 */
@ConfigurationProperties("concord.member.privacy")
record PrivacyProperties(@Nullable String encryptionKey, @DefaultValue Map<String, String> encryptionKeys,
		@DefaultValue(PersonalDataProtector.DEFAULT_KEY_ID) String activeKeyId, @Nullable String lookupKey,
		@Nullable String signingKeyEncryptionKey) {

}
