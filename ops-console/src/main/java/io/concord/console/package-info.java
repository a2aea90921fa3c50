/**
 * The ops console: sign-in against the staff OIDC issuer, the admin API client that calls
 * the gateway with the signed-in staff member's token, locale and formats. The screens
 * are the feature packages ({@code board}, {@code allocation}).
 */
@NullMarked
package io.concord.console;

import org.jspecify.annotations.NullMarked;
