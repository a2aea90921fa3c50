/**
 * The local stack's staff identity provider: a real OIDC issuer (Spring Authorization
 * Server) whose tokens the gateway and the services validate exactly as they validate the
 * company identity provider's in production. Never deployed beyond a developer machine.
 */
@NullMarked
package io.concord.devissuer;

import org.jspecify.annotations.NullMarked;
