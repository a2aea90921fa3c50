package io.concord.gateway;

import java.util.List;
import java.util.regex.Pattern;

import io.concord.platform.security.TokenAuthorities;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Shadow traffic at the edge (ADR-25). A request tagged with a test run
 * ({@value #HEADER}) passes only while load testing is switched on
 * ({@code concord.load-testing.enabled}; off: 403 {@code load-testing-disabled}) and only
 * with the load-test credential: a staff-issuer token with role {@code load-tester} in
 * {@value #CREDENTIAL} (else 403 {@code test-run-credential-required}), checked like
 * every staff token. The shopper's own token stays in {@code Authorization}, so shadow
 * shoppers are real signed-in members. The tag goes on to the service; the credential
 * never does. Untagged requests pass unchanged (a stray credential header is dropped).
 */
@Component
@EnableConfigurationProperties(TestRunGate.LoadTesting.class)
class TestRunGate implements GlobalFilter, Ordered {

	static final String HEADER = "X-Concord-Test-Run";

	static final String CREDENTIAL = "X-Concord-Test-Run-Credential";

	// The same as the services' (platform-web TestRun.ID).
	private static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

	/**
	 * @param enabled whether tagged (shadow) requests are accepted at all
	 */
	@ConfigurationProperties("concord.load-testing")
	record LoadTesting(@DefaultValue("false") boolean enabled) {
	}

	private final boolean enabled;

	private final EdgeSecurity.StaffTokens staffTokens;

	TestRunGate(LoadTesting loadTesting, EdgeSecurity.StaffTokens staffTokens) {
		this.enabled = loadTesting.enabled();
		this.staffTokens = staffTokens;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		List<String> tags = exchange.getRequest().getHeaders().getOrEmpty(HEADER);
		if (tags.isEmpty()) {
			return chain.filter(withoutCredential(exchange));
		}
		if (tags.size() != 1 || !RUN_ID.matcher(tags.get(0)).matches()) {
			return Problems.write(exchange, HttpStatus.BAD_REQUEST, "test-run-invalid", "Invalid test run",
					HEADER + " must be one value matching " + RUN_ID.pattern() + ".");
		}
		if (!this.enabled) {
			return Problems.write(exchange, HttpStatus.FORBIDDEN, "load-testing-disabled", "Load testing is disabled",
					"This request is tagged as shadow traffic (" + HEADER + ") but load testing is switched off.");
		}
		String credential = exchange.getRequest().getHeaders().getFirst(CREDENTIAL);
		if (credential == null || credential.isBlank()) {
			return credentialRequired(exchange);
		}
		return this.staffTokens.manager()
			.authenticate(new BearerTokenAuthenticationToken(credential.strip()))
			.map((authentication) -> authentication.getAuthorities()
				.stream()
				.anyMatch((authority) -> ("ROLE_" + TokenAuthorities.LOAD_TESTER).equals(authority.getAuthority())))
			.onErrorResume(AuthenticationException.class, (ex) -> Mono.just(false))
			.defaultIfEmpty(false)
			.flatMap((loadTester) -> loadTester ? chain.filter(withoutCredential(exchange))
					: credentialRequired(exchange));
	}

	private static Mono<Void> credentialRequired(ServerWebExchange exchange) {
		return Problems.write(exchange, HttpStatus.FORBIDDEN, "test-run-credential-required",
				"Load-test credential required",
				"Shadow traffic needs a valid load-test credential (a staff token with role "
						+ TokenAuthorities.LOAD_TESTER + ") in " + CREDENTIAL + ".");
	}

	// The credential is for the gateway only: services never see it.
	private static ServerWebExchange withoutCredential(ServerWebExchange exchange) {
		if (!exchange.getRequest().getHeaders().containsHeader(CREDENTIAL)) {
			return exchange;
		}
		return exchange.mutate()
			.request(exchange.getRequest().mutate().headers((headers) -> headers.remove(CREDENTIAL)).build())
			.build();
	}

	// After authentication, before rate limits: a refused tag costs no bucket token.
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
