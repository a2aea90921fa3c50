package io.concord.member.verification;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Without a provider, code requests fail visibly (503) instead of silently never
 * arriving.
 */
@Configuration(proxyBeanMethods = false)
class NoDeliveryConfigured {

	@Bean
	@ConditionalOnMissingBean(CodeDelivery.class)
	CodeDelivery unconfiguredCodeDelivery() {
		return (destination, purpose, code) -> {
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("code-delivery-unavailable"),
					"Code delivery unavailable", "No SMS or e-mail provider is configured for one-time codes.");
		};
	}

}
