package io.concord.member.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for personal data, base64 of 32 random bytes each. Production takes them from a
 * secret store; the defaults in application.yml are for local use only.
 *
 * @param encryptionKey AES-256 key encrypting identity values and signing keys
 * @param lookupKey HMAC key for the lookup hashes
 */
@ConfigurationProperties("concord.member.privacy")
public record PrivacyProperties(String encryptionKey, String lookupKey) {

}
