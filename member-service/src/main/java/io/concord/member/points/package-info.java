/**
 * The points ledger: append-only entries (earn, redeem, adjust, reverse) and a balance
 * that is their sum, kept in the same transaction and never negative. Points earned on a
 * delivered order stay pending until the return window ends; a return reverses them; each
 * order earns once.
 */
@NullMarked
package io.concord.member.points;

import org.jspecify.annotations.NullMarked;
