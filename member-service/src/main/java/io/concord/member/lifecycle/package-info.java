/**
 * Lifecycle signals: RFM scores and segments from delivered orders, a churn-risk signal
 * after a stretch without activity, and birthdays (with the tier's birthday gift).
 * Promotion-service turns the signals into win-back and birthday offers.
 */
@NullMarked
package io.concord.member.lifecycle;

import org.jspecify.annotations.NullMarked;
