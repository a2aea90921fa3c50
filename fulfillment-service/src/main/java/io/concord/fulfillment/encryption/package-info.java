/**
 * Encryption at rest for the columns that hold secrets or personal data (partner webhook
 * secrets, shipping addresses): AES-256-GCM under a configured key with its id in every
 * value, bound to its row, and values written before (or under an older key) sealed again
 * at startup. Its face is {@link io.concord.fulfillment.encryption.FieldEncryption} and
 * {@link io.concord.fulfillment.encryption.SealedColumn}. It owns no table: at startup it
 * reseals the columns their owning packages declare as {@code SealedColumn} beans (a
 * generic update by key, opted into by the owner, the one write outside an owner).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package io.concord.fulfillment.encryption;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
