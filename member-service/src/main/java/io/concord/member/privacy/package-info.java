/**
 * Personal data at rest: phone numbers and e-mail addresses (and every other channel id)
 * are stored encrypted (AES-256-GCM, key id and associated data), found through a keyed
 * hash (HMAC-SHA256), and shown masked; a keyring with re-encryption rotates the keys.
 * Public face: {@link io.concord.member.privacy.PersonalDataProtector} and
 * {@link io.concord.member.privacy.EncryptedColumn}. Uses no other feature package.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.member.privacy;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
