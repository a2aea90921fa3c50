/**
 * Which tokens Concord trusts and what they grant: member access tokens from
 * member-service and staff tokens from the staff OIDC issuer, with the staff roles
 * {@code ops-viewer < ops-manager < admin}. Every servlet service validates tokens itself
 * (it never trusts identity headers); the gateway uses the same issuers and roles. A
 * request's sales channel comes from the caller's token ({@code SalesChannels}). Outside
 * the local stack ({@code concord.environment=local}) an application refuses to start on
 * development secrets, dev tools or a staff issuer without an audience.
 */
@NullMarked
package io.concord.platform.security;

import org.jspecify.annotations.NullMarked;
