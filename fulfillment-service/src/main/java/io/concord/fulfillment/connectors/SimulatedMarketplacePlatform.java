package io.concord.fulfillment.connectors;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The adapter of platform {@code SIMULATED_MARKETPLACE}: the HTTP protocol of
 * docs/connectors.md ("The platform protocol"), which the local stack's simulated
 * marketplace serves. Every call carries the connector's API key and gives up after the
 * connect timeout ({@code concord.fulfillment.connectors.http.connect-timeout}, 2 s) and
 * the answer timeout ({@code ...read-timeout}, 5 s): a platform at peak answers slowly
 * rather than not at all, and a stuck push must not hold the sync.
 */
@Component
class SimulatedMarketplacePlatform implements ChannelPlatform {

	static final String PLATFORM = "SIMULATED_MARKETPLACE";

	static final int PAGE_SIZE = 100;

	record Items(List<?> items) {
	}

	// The key is looked up per call by reference, so a rotated secret needs no restart.
	private final ConnectorSecrets secrets;

	private final JsonMapper json;

	private final HttpClient http;

	private final Duration readTimeout;

	@Autowired
	SimulatedMarketplacePlatform(ConnectorSecrets secrets, JsonMapper json,
			@Value("${concord.fulfillment.connectors.http.connect-timeout:2s}") Duration connectTimeout,
			@Value("${concord.fulfillment.connectors.http.read-timeout:5s}") Duration readTimeout) {
		this.secrets = secrets;
		this.json = json;
		this.http = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.readTimeout = readTimeout;
	}

	@Override
	public String platform() {
		return PLATFORM;
	}

	@Override
	public PulledOrders pullOrders(Connector connector, @Nullable String cursor) {
		String query = "?limit=" + PAGE_SIZE
				+ ((cursor != null) ? "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : "");
		HttpResponse<byte[]> answer = send(connector,
				request(connector, "/orders" + query).header("Accept", "application/json").GET(), "pull orders");
		try {
			PulledOrders page = this.json.readValue(answer.body(), PulledOrders.class);
			return new PulledOrders((page.orders() != null) ? page.orders() : List.of(), page.nextCursor());
		}
		catch (JacksonException ex) {
			throw new PlatformCallFailed(connector.connectorId() + ": pull orders answered an unreadable page",
					answer.statusCode(), null, ex);
		}
	}

	@Override
	public void pushStock(Connector connector, List<StockLevel> levels) {
		send(connector, request(connector, "/stock").PUT(body(new Items(levels))), "push stock");
	}

	@Override
	public void pushPrices(Connector connector, List<PriceUpdate> prices) {
		send(connector, request(connector, "/prices").PUT(body(new Items(prices))), "push prices");
	}

	@Override
	public void pushTracking(Connector connector, TrackingUpdate tracking) {
		send(connector, request(connector, "/shipments").POST(body(tracking)), "push tracking");
	}

	private HttpRequest.Builder request(Connector connector, String path) {
		String base = connector.baseUrl().replaceAll("/+$", "");
		return HttpRequest.newBuilder(URI.create(base + path))
			.timeout(this.readTimeout)
			.header("X-Api-Key", this.secrets.value(connector.apiSecretRef()));
	}

	private HttpRequest.BodyPublisher body(Object value) {
		return HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(value));
	}

	private HttpResponse<byte[]> send(Connector connector, HttpRequest.Builder request, String what) {
		HttpResponse<byte[]> answer;
		try {
			answer = this.http.send(request.header("Content-Type", "application/json").build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (HttpTimeoutException ex) {
			throw new PlatformCallFailed(connector.connectorId() + ": " + what + " timed out", 0, null, ex);
		}
		catch (IOException ex) {
			throw new PlatformCallFailed(connector.connectorId() + ": " + what + " failed: " + ex, 0, null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformCallFailed(connector.connectorId() + ": " + what + " interrupted", 0, null, ex);
		}
		int status = answer.statusCode();
		if (status >= 200 && status < 300) {
			return answer;
		}
		Duration retryAfter = (status == 429) ? retryAfter(answer) : null;
		throw new PlatformCallFailed(
				connector.connectorId() + ": " + what + " answered " + status
						+ ((retryAfter != null) ? " (retry after " + retryAfter.toSeconds() + " s)" : ""),
				status, retryAfter, null);
	}

	/**
	 * The 429's Retry-After in seconds (the protocol's form); none when absent or not
	 * seconds.
	 */
	private static @Nullable Duration retryAfter(HttpResponse<?> answer) {
		return answer.headers().firstValue("Retry-After").flatMap((value) -> {
			try {
				long seconds = Long.parseLong(value.trim());
				return (seconds >= 0) ? java.util.Optional.of(Duration.ofSeconds(seconds))
						: java.util.Optional.<Duration>empty();
			}
			catch (NumberFormatException ex) {
				return java.util.Optional.<Duration>empty();
			}
		}).orElse(null);
	}

}
