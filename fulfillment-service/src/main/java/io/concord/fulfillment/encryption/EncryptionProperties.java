package io.concord.fulfillment.encryption;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys of {@link FieldEncryption}, each {@code <key id>:<base64 of 32 random bytes>}.
 *
 * @param encryptionKey the key new values are sealed with
 * @param previousKeys keys that only open values (during a rotation: the startup sweep
 * seals what they opened again under the current key)
 */
@ConfigurationProperties("concord.fulfillment.secrets")
record EncryptionProperties(String encryptionKey, @Nullable List<String> previousKeys) {

	EncryptionProperties {
		previousKeys = (previousKeys != null) ? previousKeys : List.of();
	}

}
