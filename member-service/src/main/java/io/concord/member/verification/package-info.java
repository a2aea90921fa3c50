/**
 * One-time codes that prove a shopper holds a phone or an e-mail address, for linking an
 * identity and for signing in. Codes are stored hashed, expire, allow a few attempts, and
 * are delivered through {@link io.concord.member.verification.CodeDelivery} (an SMS or
 * mail provider in production; a development mailbox in the local stack). A code never
 * reaches a log. Public face: {@link io.concord.member.verification.OneTimeCodes},
 * {@link io.concord.member.verification.CodePurpose} and the {@code CodeDelivery} port.
 * Uses no other feature package.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.member.verification;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
