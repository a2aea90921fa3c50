package io.concord.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own access rules: its public endpoints and its exceptions to the defaults.
 * They are applied after the always-open endpoints (health, metrics, API docs) and before
 * the defaults: {@code GET} on the admin API needs {@code ops-viewer}, other methods
 * {@code ops-manager}, changes under {@code <admin base path>/config/**} need
 * {@code admin}, and everything else needs a signed-in member.
 */
@FunctionalInterface
public interface AccessRules {

	void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);

}
