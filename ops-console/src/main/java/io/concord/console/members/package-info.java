/**
 * Members and loyalty (member-service): find a member by id (or, for ops-managers, by
 * phone or e-mail through the API's resolve), their identities masked, tier, segment,
 * points balance and ledger, merges and notifications; ops-managers adjust points and
 * grant or end a tier grant (the API's rules and limits apply, its refusal is shown). The
 * points rules read-only.
 */
@NullMarked
package io.concord.console.members;

import org.jspecify.annotations.NullMarked;
