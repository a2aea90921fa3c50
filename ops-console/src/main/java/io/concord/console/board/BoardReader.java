package io.concord.console.board;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFormat;
import io.concord.console.operations.ServiceFigures;
import io.concord.console.operations.ServiceOperations;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Reads one frame of the board from the admin API. Per frame: the newest orders in each
 * open state ({@value #LATEST} each, 3 calls). Every {@value #SLOW_EVERY}th frame also
 * the fulfilment KPIs over the chosen range and each service's operations figures (5
 * calls); every {@value #SLOWER_EVERY}th frame, one frame later, stock alerts, SLA
 * breaches and the running campaigns' coupon drops (3 calls and one per running campaign,
 * at most {@value #CAMPAIGNS}). Rates come from orders first seen: a channel's orders per
 * second is what arrived in the last {@link #WINDOW}, divided by its seconds.
 */
@Component
class BoardReader {

	/** How many of the newest orders per state a frame reads. */
	static final int LATEST = 20;

	/** The slow figures (KPIs, operations) are read every this many frames. */
	static final int SLOW_EVERY = 5;

	/** The slower ones (stock, breaches, coupon drops) every this many. */
	static final int SLOWER_EVERY = 15;

	/** At most this many running campaigns' drops are read. */
	static final int CAMPAIGNS = 3;

	/** The window orders and GMV per second are averaged over. */
	static final Duration WINDOW = Duration.ofSeconds(10);

	/** Open states, where new orders are. */
	static final List<String> STATES = List.of("PENDING_PAYMENT", "PAID", "ALLOCATED");

	/** Order placement: what checkout latency is measured on (fulfillment-service). */
	static final Set<String> CHECKOUT = Set.of("POST /api/orders", "POST /api/cart/checkout");

	/**
	 * Checkout p99 above this misses the target (docs/capacity.md: place p99 under 1 s).
	 */
	static final double CHECKOUT_P99_TARGET_MS = 1000;

	private final AdminApi api;

	private final ServiceOperations operations;

	private final ConsoleFormat format;

	private final MessageSource messages;

	BoardReader(AdminApi api, ServiceOperations operations, ConsoleFormat format, MessageSource messages) {
		this.api = api;
		this.operations = operations;
		this.format = format;
		this.messages = messages;
	}

	/** What a session's board remembers between frames. */
	static final class State {

		private final Set<String> seen = new HashSet<>();

		private final Deque<Arrival> arrivals = new ArrayDeque<>();

		private boolean first = true;

		private int frame;

		private BoardRange range = BoardRange.H24;

		private @Nullable JsonNode kpis;

		private List<ServiceFigures> services = List.of();

		private @Nullable JsonNode stock;

		private @Nullable JsonNode breaches;

		private Instant breachesSince = Instant.EPOCH;

		private final List<JsonNode> campaigns = new ArrayList<>();

		/** Per coupon promotion: when it was last read and how many were issued then. */
		private final Map<String, Claimed> claimed = new HashMap<>();

		private final Map<String, String> perMinute = new HashMap<>();

		/** A new range: the next frame reads every figure again. */
		void range(BoardRange range) {
			if (range != this.range) {
				this.range = range;
				this.frame = 0;
			}
		}

		BoardRange range() {
			return this.range;
		}

	}

	private record Arrival(Instant at, String channel, String currency, long payableMinor) {
	}

	private record Claimed(Instant at, long issued) {
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
		int frame = state.frame++;
		if (frame % SLOW_EVERY == 0) {
			readSlow(user, state, now, locale, errors);
		}
		if (frame % SLOWER_EVERY == 1) {
			readSlower(user, state, now, errors);
		}
		return view(state, orders, fresh, now, locale, errors);
	}

	private void readSlow(Authentication user, State state, Instant now, Locale locale, List<String> errors) {
		try {
			state.kpis = this.api.get(user, "/admin/fulfillment/kpis?from={from}&to={to}",
					now.minus(state.range.length).truncatedTo(ChronoUnit.SECONDS), now.truncatedTo(ChronoUnit.SECONDS));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			errors.add(describe(ex));
		}
		state.services = this.operations.read(user, locale);
	}

	private void readSlower(Authentication user, State state, Instant now, List<String> errors) {
		try {
			state.stock = this.api.get(user, "/admin/inventory/stock-alerts?limit={limit}", 5);
		}
		catch (AdminApi.Refused | RestClientException ex) {
			errors.add(describe(ex));
		}
		try {
			state.breaches = this.api.get(user, "/admin/fulfillment/sla/breaches");
			state.breachesSince = now.minus(state.range.length);
		}
		catch (AdminApi.Refused | RestClientException ex) {
			errors.add(describe(ex));
		}
		state.campaigns.clear();
		try {
			JsonNode running = this.api.get(user, "/admin/promotions/campaigns?status=ACTIVE");
			List<JsonNode> active = running.isArray() ? running.valueStream().limit(CAMPAIGNS).toList() : List.of();
			for (JsonNode campaign : active) {
				JsonNode statistics = this.api.get(user, "/admin/promotions/campaigns/{id}/statistics",
						campaign.path("id").asString());
				state.campaigns.add(statistics);
				burn(state, statistics, now);
			}
		}
		catch (AdminApi.Refused | RestClientException ex) {
			errors.add(describe(ex));
		}
	}

	/** Claims per minute of each drop since the last read. */
	private static void burn(State state, JsonNode statistics, Instant now) {
		statistics.path("promotions").valueStream().filter((p) -> p.path("couponsMinted").isNumber()).forEach((p) -> {
			String id = p.path("promotionId").asString();
			long issued = p.path("couponsIssued").asLong(0);
			Claimed before = state.claimed.put(id, new Claimed(now, issued));
			if (before != null) {
				double minutes = Math.max(1, Duration.between(before.at(), now).toSeconds()) / 60.0;
				state.perMinute.put(id, String.valueOf(Math.round(Math.max(0, issued - before.issued()) / minutes)));
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
		long rejected = 0;
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
			rejected = statuses.path("REJECTED").asLong(0);
		}
		long breaches = 0;
		String newestBreach = null;
		if (state.breaches != null && state.breaches.isArray()) {
			for (JsonNode breach : state.breaches) {
				Instant promised = instant(breach.path("promisedBy").asString(""));
				if (promised != null && !promised.isBefore(state.breachesSince)) {
					breaches++;
					if (newestBreach == null) {
						newestBreach = breach.path("orderId").asString(null);
					}
				}
			}
		}
		Map<String, String> deadLetters = new LinkedHashMap<>();
		List<BoardView.ServiceRow> services = new ArrayList<>();
		long requests = 0;
		long serverErrors = 0;
		double shadowPerSecond = 0;
		double shadowCheckout = 0;
		long shadowLag = 0;
		BoardView.Checkout checkout = BoardView.Checkout.NONE;
		for (ServiceFigures service : state.services) {
			deadLetters.put(service.service(), (service.error() != null) ? "?" : String.valueOf(service.parked()));
			services.add(new BoardView.ServiceRow(service.service(), service.backlog(),
					seconds(service.oldestAgeSeconds(), locale), service.realLag(), service.parked(),
					decimal(service.realPerSecond(), locale), this.format.percent(service.serverErrorShare(), locale),
					this.format.percent(service.clientErrorShare(), locale), service.alert(), service.error()));
			requests += service.realRequests();
			serverErrors += service.realServerErrors();
			shadowPerSecond += service.shadowPerSecond();
			shadowLag += service.shadowLag();
			if (service.service().equals("fulfillment-service")) {
				checkout = checkout(service, locale);
				shadowCheckout = service.endpoints()
					.stream()
					.filter((e) -> e.shadow() && CHECKOUT.contains(e.method() + " " + e.uri()))
					.mapToDouble(ServiceFigures.Endpoint::perSecond)
					.sum();
			}
		}
		Double errorShare = (requests > 0) ? (double) serverErrors / requests : null;
		BoardView.Shadow shadow = new BoardView.Shadow(decimal(shadowPerSecond, locale),
				decimal(shadowCheckout, locale), shadowLag, shadowPerSecond > 0 || shadowLag > 0);
		String error = errors.isEmpty() ? null
				: this.messages.getMessage("board.error", new Object[] { errors.get(0) }, locale);
		return new BoardView(this.format.time(now, locale), fresh, channels, paymentSuccess, atRisk, supply, overTarget,
				ordersToday, deadLetters, latest, error, state.range.key,
				this.messages.getMessage(state.range.label, null, locale), rejected, breaches, newestBreach, checkout,
				stock(state.stock), drops(state, locale), services, this.format.percent(errorShare, locale),
				errorShare != null && errorShare > ServiceFigures.SERVER_ERROR_LIMIT, shadow);
	}

	private BoardView.Checkout checkout(ServiceFigures fulfillment, Locale locale) {
		List<ServiceFigures.Endpoint> placements = fulfillment.endpoints()
			.stream()
			.filter((e) -> !e.shadow() && CHECKOUT.contains(e.method() + " " + e.uri()))
			.toList();
		if (placements.isEmpty()) {
			return BoardView.Checkout.NONE;
		}
		// The slower of the two ways to place an order is what a shopper may meet.
		Double p95 = placements.stream()
			.map(ServiceFigures.Endpoint::p95Ms)
			.filter((v) -> v != null)
			.reduce(Math::max)
			.orElse(null);
		Double p99 = placements.stream()
			.map(ServiceFigures.Endpoint::p99Ms)
			.filter((v) -> v != null)
			.reduce(Math::max)
			.orElse(null);
		double perSecond = placements.stream().mapToDouble(ServiceFigures.Endpoint::perSecond).sum();
		return new BoardView.Checkout(millis(p95, locale), millis(p99, locale), decimal(perSecond, locale),
				p99 != null && p99 > CHECKOUT_P99_TARGET_MS);
	}

	private static BoardView.Stock stock(@Nullable JsonNode stock) {
		if (stock == null || !stock.path("outOfStock").isNumber()) {
			return BoardView.Stock.NONE;
		}
		List<BoardView.StockRow> worst = stock.path("worst")
			.valueStream()
			.map((row) -> new BoardView.StockRow(row.path("sku").asString(""), row.path("available").asInt(0),
					row.path("reorderPoint").asInt(0)))
			.toList();
		long out = stock.path("outOfStock").asLong(0);
		return new BoardView.Stock(String.valueOf(out), String.valueOf(stock.path("lowStock").asLong(0)), out > 0,
				worst);
	}

	private List<BoardView.Drop> drops(State state, Locale locale) {
		List<BoardView.Drop> drops = new ArrayList<>();
		for (JsonNode statistics : state.campaigns) {
			String campaign = statistics.path("campaignId").asString("");
			statistics.path("promotions")
				.valueStream()
				.filter((p) -> p.path("couponsMinted").isNumber())
				.forEach((p) -> {
					long minted = p.path("couponsMinted").asLong(0);
					long issued = p.path("couponsIssued").asLong(0);
					drops.add(new BoardView.Drop(campaign, p.path("name").asString(p.path("promotionId").asString("")),
							issued, minted, this.format.percent((minted > 0) ? (double) issued / minted : null, locale),
							state.perMinute.getOrDefault(p.path("promotionId").asString(), "–"),
							minted > 0 && issued >= minted));
				});
		}
		return drops;
	}

	private static String decimal(double value, Locale locale) {
		return String.format(locale, "%.1f", value);
	}

	private static String millis(@Nullable Double value, Locale locale) {
		return (value != null) ? String.format(locale, "%,.0f ms", value) : "–";
	}

	private static String seconds(long value, Locale locale) {
		return (value > 0) ? String.format(locale, "%,d s", value) : "–";
	}

	private static @Nullable Instant instant(String value) {
		try {
			return value.isEmpty() ? null : Instant.parse(value);
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

	private static String describe(RuntimeException ex) {
		if (ex instanceof AdminApi.Refused refused) {
			return refused.status() + " " + refused.title();
		}
		return ex.getClass().getSimpleName();
	}

}
