/**
 * The member's rights over their data: a self-service export of everything held about
 * them, and erasure (anonymise, keep ledger totals, tell every service through
 * MemberErased).
 */
@NullMarked
package io.concord.member.personaldata;

import org.jspecify.annotations.NullMarked;
