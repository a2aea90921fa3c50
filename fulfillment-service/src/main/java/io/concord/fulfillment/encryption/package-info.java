/**
 * Encryption at rest for the columns that hold secrets or personal data (partner webhook
 * secrets, shipping addresses): AES-256-GCM under a configured key with its id in every
 * value, bound to its row, and values written before (or under an older key) sealed again
 * at startup.
 */
@NullMarked
package io.concord.fulfillment.encryption;

import org.jspecify.annotations.NullMarked;
