package io.concord.console.board;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Reads one frame of the board from the admin API. Per frame: the newest orders in each
 * open state ({@value #LATEST} each); every {@value #SLOW_EVERY}th frame also the
 * fulfilment KPIs of the last 24 hours and the parked dead letters of each service. Rates
 * come from orders first seen: a channel's orders per second is what arrived in the last
 * {@link #WINDOW}, divided by its seconds.
 */
@Component
class BoardReader {

	/** How many of the newest orders per state a frame reads. */
	static final int LATEST = 20;

	/** The slower figures are read every this many frames. */
	static final int SLOW_EVERY = 5;

	/** The window orders and GMV per second are averaged over. */
	static final Duration WINDOW = Duration.ofSeconds(10);

	/** Open states, where new orders are. */
	static final List<String> STATES = List.of("PENDING_PAYMENT", "PAID", "ALLOCATED");

	static final Map<String, String> DEAD_LETTERS = new LinkedHashMap<>();

	static {
		DEAD_LETTERS.put("member-service", "/admin/members/dead-letters?status=PARKED&limit=500");
		DEAD_LETTERS.put("inventory-service", "/admin/inventory/dead-letters?status=PARKED&limit=500");
		DEAD_LETTERS.put("promotion-service", "/admin/promotions/dead-letters?status=PARKED&limit=500");
		DEAD_LETTERS.put("fulfillment-service", "/admin/fulfillment/dead-letters?status=PARKED&limit=500");
	}

	private final AdminApi api;

	private final ConsoleFormat format;

	private final MessageSource messages;

	BoardReader(AdminApi api, ConsoleFormat format, MessageSource messages) {
		this.api = api;
		this.format = format;
		this.messages = messages;
	}

	/** What a session's board remembers between frames. */
	static final class State {

		private final Set<String> seen = new HashSet<>();

		private final Deque<Arrival> arrivals = new ArrayDeque<>();

		private boolean first = true;

		private int frame;

		private @Nullable JsonNode kpis;

		private final Map<String, String> deadLetters = new LinkedHashMap<>();

	}

	private record Arrival(Instant at, String channel, String currency, long payableMinor) {
	}

	BoardView read(Authentication user, State state, Locale locale) {
		Instant now = Instant.now();
		List<String> errors = new ArrayList<>();
		List<JsonNode> orders = new ArrayList<>();
		for (String status : STATES) {
			try {
				this.api.get(user, "/admin/fulfillment/orders?status={status}&limit={limit}", status, LATEST)
					.forEach(orders::add);
			}
			catch (AdminApi.Refused | RestClientException ex) {
				errors.add(describe(ex));
			}
		}
		orders.sort(Comparator.comparing((JsonNode order) -> order.path("createdAt").asString("")).reversed());
		int fresh = 0;
		for (JsonNode order : orders) {
			String id = order.path("orderId").asString();
			if (state.seen.add(id) && !state.first) {
				fresh++;
				state.arrivals.add(new Arrival(now, order.path("channel").asString(), order.path("currency").asString(),
						order.path("payableMinor").asLong()));
			}
		}
		state.first = false;
		while (!state.arrivals.isEmpty() && state.arrivals.peekFirst().at().isBefore(now.minus(WINDOW))) {
			state.arrivals.removeFirst();
		}
		if (state.seen.size() > 10_000) {
			// Only the newest are read again; the ids of older ones need not be kept.
			state.seen.clear();
			orders.forEach((order) -> state.seen.add(order.path("orderId").asString()));
		}
		if (state.frame++ % SLOW_EVERY == 0) {
			readSlow(user, state, errors);
		}
		return view(state, orders, fresh, now, locale, errors);
	}

	private void readSlow(Authentication user, State state, List<String> errors) {
		try {
			state.kpis = this.api.get(user, "/admin/fulfillment/kpis");
		}
		catch (AdminApi.Refused | RestClientException ex) {
			errors.add(describe(ex));
		}
		DEAD_LETTERS.forEach((service, path) -> {
			try {
				int parked = this.api.get(user, path).size();
				state.deadLetters.put(service, (parked >= 500) ? "500+" : String.valueOf(parked));
			}
			catch (AdminApi.Refused | RestClientException ex) {
				state.deadLetters.put(service, "?");
			}
		});
	}

	private BoardView view(State state, List<JsonNode> orders, int fresh, Instant now, Locale locale,
			List<String> errors) {
		double seconds = WINDOW.toSeconds();
		Map<String, long[]> byChannel = new TreeMap<>();
		for (Arrival arrival : state.arrivals) {
			long[] figures = byChannel.computeIfAbsent(arrival.channel(), (channel) -> new long[2]);
			figures[0]++;
			// GMV in the shop's currency; orders in another currency count as orders
			// only.
			if (arrival.currency().equals(this.format.currency().getCurrencyCode())) {
				figures[1] = Math.addExact(figures[1], arrival.payableMinor());
			}
		}
		List<BoardView.ChannelRate> channels = new ArrayList<>();
		byChannel.forEach((channel, figures) -> channels
			.add(new BoardView.ChannelRate(channel, String.format(locale, "%.1f", figures[0] / seconds),
					this.format.money(Math.round(figures[1] / seconds), null, locale))));
		List<BoardView.OrderRow> latest = orders.stream()
			.limit(10)
			.map((order) -> new BoardView.OrderRow(order.path("orderId").asString(), order.path("channel").asString(),
					this.messages.getMessage("status." + order.path("status").asString(), null,
							order.path("status").asString(), locale),
					this.format.money(order.path("payableMinor").asLong(), order.path("currency").asString(null),
							locale),
					this.format.time(Instant.parse(order.path("createdAt").asString()), locale)))
			.toList();
		JsonNode kpis = state.kpis;
		String paymentSuccess = "–";
		long atRisk = 0;
		String supply = "–";
		boolean overTarget = false;
		long ordersToday = 0;
		if (kpis != null) {
			JsonNode statuses = kpis.path("ordersByStatus");
			long paid = 0;
			for (String status : List.of("PAID", "ALLOCATED", "SHIPPED", "DELIVERED", "RETURN_REQUESTED", "RETURNED")) {
				paid += statuses.path(status).asLong(0);
			}
			long timedOut = kpis.path("cancellationsByCause").path("PAYMENT_TIMEOUT").path("count").asLong(0);
			paymentSuccess = this.format.percent((paid + timedOut > 0) ? (double) paid / (paid + timedOut) : null,
					locale);
			atRisk = kpis.path("atRisk").asLong(0);
			JsonNode supplyRate = kpis.path("supplyCausedCancellations").path("rate");
			Double rate = supplyRate.isNumber() ? supplyRate.asDouble() : null;
			supply = this.format.percent(rate, locale);
			overTarget = rate != null && rate > 0.03;
			ordersToday = kpis.path("ordersPlaced").asLong(0);
		}
		String error = errors.isEmpty() ? null
				: this.messages.getMessage("board.error", new Object[] { errors.get(0) }, locale);
		return new BoardView(this.format.time(now, locale), fresh, channels, paymentSuccess, atRisk, supply, overTarget,
				ordersToday, new LinkedHashMap<>(state.deadLetters), latest, error);
	}

	private static String describe(RuntimeException ex) {
		if (ex instanceof AdminApi.Refused refused) {
			return refused.status() + " " + refused.title();
		}
		return ex.getClass().getSimpleName();
	}

}
