package io.concord.gateway;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Traffic classes that get their own limits; checkout is what a peak sale must keep
 * serving.
 */
public enum RouteClass {

	BROWSE, CHECKOUT, AUTH, ADMIN, WEBHOOK;

	static RouteClass of(ServerHttpRequest request) {
		String path = request.getPath().value();
		if ((request.getMethod() == HttpMethod.POST && path.startsWith("/api/orders"))
				|| path.startsWith("/webhooks/payments")) {
			return CHECKOUT;
		}
		if (path.startsWith("/webhooks/")) {
			return WEBHOOK;
		}
		if (path.startsWith("/api/auth/")) {
			return AUTH;
		}
		if (path.startsWith("/admin/")) {
			return ADMIN;
		}
		return BROWSE;
	}

}
