/**
 * Personal data at rest: phone numbers and e-mail addresses (and every other channel id)
 * are stored encrypted (AES-256-GCM), found through a keyed hash (HMAC-SHA256), and shown
 * masked. Public face: {@link io.concord.member.privacy.PersonalDataProtector}.
 */
@NullMarked
package io.concord.member.privacy;

import org.jspecify.annotations.NullMarked;
