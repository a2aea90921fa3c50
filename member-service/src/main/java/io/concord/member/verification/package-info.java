/**
 * One-time codes that prove a shopper holds a phone or an e-mail address, for linking an
 * identity and for signing in. Codes are stored hashed, expire, allow a few attempts, and
 * are delivered through {@link io.concord.member.verification.CodeDelivery} (an SMS or
 * mail provider in production; a development mailbox in the local stack). A code never
 * reaches a log.
 */
@NullMarked
package io.concord.member.verification;

import org.jspecify.annotations.NullMarked;
