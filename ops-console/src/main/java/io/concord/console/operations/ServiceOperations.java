package io.concord.console.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Reads each service's operations figures ({@code GET <admin base path>/operations},
 * ops-viewer and up) through the gateway as the signed-in user: one call per service.
 */
@Component
public class ServiceOperations {

	/** Each service and where its operations figures are. */
	public static final Map<String, String> SERVICES = new LinkedHashMap<>();

	static {
		SERVICES.put("member-service", "/admin/members/operations");
		SERVICES.put("inventory-service", "/admin/inventory/operations");
		SERVICES.put("promotion-service", "/admin/promotions/operations");
		SERVICES.put("fulfillment-service", "/admin/fulfillment/operations");
	}

	private final AdminApi api;

	private final ConsoleFailures failures;

	ServiceOperations(AdminApi api, ConsoleFailures failures) {
		this.api = api;
		this.failures = failures;
	}

	/**
	 * Every service's figures, in {@link #SERVICES} order; one that cannot be read says
	 * why.
	 */
	public List<ServiceFigures> read(Authentication user, Locale locale) {
		List<ServiceFigures> figures = new ArrayList<>();
		SERVICES.forEach((service, path) -> {
			try {
				figures.add(parse(service, this.api.get(user, path)));
			}
			catch (AdminApi.Refused | RestClientException ex) {
				figures.add(ServiceFigures.unreadable(service, this.failures.describe(ex, locale)));
			}
		});
		return figures;
	}

	static ServiceFigures parse(String service, JsonNode node) {
		List<ServiceFigures.Lag> lags = new ArrayList<>();
		node.path("consumers")
			.valueStream()
			.filter(JsonNode::isObject)
			.forEach((lag) -> lags.add(new ServiceFigures.Lag(lag.path("topic").asString(""), lag.path("lag").asLong(0),
					lag.path("shadow").asBoolean(false))));
		List<ServiceFigures.Endpoint> endpoints = new ArrayList<>();
		JsonNode http = node.path("http");
		http.path("endpoints")
			.valueStream()
			.filter(JsonNode::isObject)
			.forEach((e) -> endpoints.add(new ServiceFigures.Endpoint(e.path("method").asString(""),
					e.path("uri").asString(""), e.path("traffic").asString("real"), e.path("requests").asLong(0),
					e.path("perSecond").asDouble(0), e.path("clientErrors").asLong(0), e.path("serverErrors").asLong(0),
					number(e.path("p95Ms")), number(e.path("p99Ms")))));
		JsonNode lagError = node.path("consumersError");
		return new ServiceFigures(service, null, node.path("outbox").path("unpublished").asLong(0),
				node.path("outbox").path("oldestAgeSeconds").asLong(0),
				node.path("deadLetters").path("parked").asLong(0), node.path("deadLetters").path("pending").asLong(0),
				lags, lagError.isString() ? lagError.asString() : null, http.path("windowSeconds").asLong(0),
				endpoints);
	}

	private static @Nullable Double number(JsonNode node) {
		return node.isNumber() ? node.asDouble() : null;
	}

}
