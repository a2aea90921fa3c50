package io.concord.gateway;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Traffic classes that get their own limits; checkout is what a peak sale must keep
 * serving. Paths are matched as the routes and the security rules match them (decoded),
 * so {@code /api/%6Dembers} is registration too.
 */
public enum RouteClass {

	BROWSE, CHECKOUT, AUTH, ADMIN, WEBHOOK;

	private static final List<PathPattern> ORDERS = patterns("/api/orders/**", "/api/cart/checkout");

	private static final List<PathPattern> PAYMENTS = patterns("/webhooks/payments/**");

	private static final List<PathPattern> WEBHOOKS = patterns("/webhooks/**");

	// Sign-in, tokens, registration and the one-time codes that send an SMS or e-mail.
	private static final List<PathPattern> AUTH_ANY = patterns("/api/auth/**");

	private static final List<PathPattern> AUTH_POST = patterns("/api/members", "/api/members/",
			"/api/members/verification-codes/**");

	// The ops console's pages and live stream are staff traffic too: limited per client
	// like the admin API, and a board's stream, open for minutes, is no latency sample.
	private static final List<PathPattern> ADMIN_PATHS = patterns("/admin/**", "/ops", "/ops/**");

	static RouteClass of(ServerHttpRequest request) {
		PathContainer path = request.getPath().pathWithinApplication();
		boolean post = request.getMethod() == HttpMethod.POST;
		if ((post && matches(ORDERS, path)) || matches(PAYMENTS, path)) {
			return CHECKOUT;
		}
		if (matches(WEBHOOKS, path)) {
			return WEBHOOK;
		}
		if (matches(AUTH_ANY, path) || (post && matches(AUTH_POST, path))) {
			return AUTH;
		}
		if (matches(ADMIN_PATHS, path)) {
			return ADMIN;
		}
		return BROWSE;
	}

	/**
	 * A payment provider's callback: it completes a checkout that was already admitted
	 * (its stock is held and the shopper has paid), so it is never shed.
	 */
	static boolean isPaymentCallback(ServerHttpRequest request) {
		return matches(PAYMENTS, request.getPath().pathWithinApplication());
	}

	private static boolean matches(List<PathPattern> patterns, PathContainer path) {
		return patterns.stream().anyMatch((pattern) -> pattern.matches(path));
	}

	private static List<PathPattern> patterns(String... paths) {
		return java.util.Arrays.stream(paths).map(PathPatternParser.defaultInstance::parse).toList();
	}

}
