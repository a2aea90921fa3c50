package io.concord.fulfillment.marketplace;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.WebhookSignatures;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The shops of the simulated marketplace, in memory. Each shop's state is guarded by the
 * shop itself (one lock per shop, held only for bookkeeping, never across an HTTP call);
 * its faults are drawn from its own seeded {@link Random}, so a test that seeds a shop
 * and sends calls one at a time sees the same faults on every run.
 */
@Component
@ConditionalOnBooleanProperty("concord.fulfillment.dev-tools.enabled")
class SimulatedMarketplace implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SimulatedMarketplace.class);

	static final int PUSHES_KEPT = 200;

	static final int MAX_ORDERS_PER_SECOND = 500;

	record ShopConfig(String apiKey, String connectorId, String webhookBaseUrl, String webhookSecret, String currency,
			@Nullable Long seed) {
	}

	record Faults(int dropCallbackPercent, int duplicateCallbackPercent, int throttlePercent, int retryAfterSeconds,
			int errorPercent, int delayMillis) {

		static final Faults NONE = new Faults(0, 0, 0, 1, 0, 0);

	}

	record Traffic(int ordersPerSecond, List<String> platformSkus, int quantity) {

		static final Traffic STOPPED = new Traffic(0, List.of(), 1);

	}

	record Line(String platformSku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	/** An order as the platform sells it (the {@code PlatformOrder} of the protocol). */
	record Order(String platformOrderId, @Nullable String buyerId, List<Line> lines, long paidMinor, String currency,
			Map<String, String> shippingAddress, @Nullable String region, Instant placedAt) {
	}

	record StockItem(String platformSku, int quantity) {
	}

	record PriceItem(String platformSku, long sellingPriceMinor, long listPriceMinor, String currency) {
	}

	record Shipment(String platformOrderId, String carrier, String trackingNumber, Instant shippedAt) {
	}

	record StockView(int quantity, Instant pushedAt) {
	}

	record PriceView(long sellingPriceMinor, long listPriceMinor, String currency, Instant pushedAt) {
	}

	record ReceivedShipment(Shipment shipment, Instant receivedAt) {
	}

	/**
	 * One push as the platform received it: {@code STOCK}, {@code PRICES} or
	 * {@code SHIPMENT}.
	 */
	record Push(String kind, Instant receivedAt, Object values) {
	}

	record Counters(long throttled, long errors, long callbacksSent, long callbacksFailed, long callbacksDropped,
			long callbacksDuplicated) {
	}

	record State(String shopId, String connectorId, String currency, Map<String, StockView> stock,
			Map<String, PriceView> prices, List<ReceivedShipment> shipments, int ordersSold, List<String> orderIds,
			long refusedBuys, List<Push> pushes, Counters counters, Faults faults, Traffic traffic) {
	}

	/**
	 * What a callback did: the HTTP status of each delivery (0: Concord did not answer);
	 * none when the fault dropped it.
	 */
	record Delivery(List<Integer> callbacks, boolean dropped) {
	}

	record Sold(Order order, Delivery delivery) {
	}

	record AfterSales(String requestId, Delivery delivery) {
	}

	/** An API answer the fault settings turned into a refusal (429 or 500). */
	static final class Fault extends RuntimeException {

		final int status;

		final int retryAfterSeconds;

		Fault(int status, int retryAfterSeconds) {
			super("Simulated fault " + status);
			this.status = status;
			this.retryAfterSeconds = retryAfterSeconds;
		}

	}

	private final Map<String, Shop> shops = new ConcurrentHashMap<>();

	private final JsonMapper json;

	private final Clock clock;

	private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "marketplace-traffic");
		thread.setDaemon(true);
		return thread;
	});

	// Bought orders' callbacks may be slow; the generator's rate must not depend on them.
	private final ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor();

	SimulatedMarketplace(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	/** Creates the shop, or resets it to nothing sold and nothing pushed. */
	void open(String shopId, ShopConfig config) {
		Shop previous = this.shops.put(shopId, new Shop(shopId, config, this.clock.instant()));
		if (previous != null) {
			previous.stopTraffic();
		}
	}

	Shop shop(String shopId) {
		Shop shop = this.shops.get(shopId);
		if (shop == null) {
			throw new ProblemException.NotFound("Shop", shopId);
		}
		return shop;
	}

	/**
	 * A platform API call: 401 unless the key is the shop's, then the shop's faults (a
	 * delay, a 429 or a 500).
	 */
	Shop call(String shopId, @Nullable String apiKey) {
		Shop shop = shop(shopId);
		if (apiKey == null || !MessageDigest.isEqual(apiKey.getBytes(StandardCharsets.UTF_8),
				shop.config.apiKey().getBytes(StandardCharsets.UTF_8))) {
			throw new ProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.of("invalid-api-key"), "Invalid API key",
					"X-Api-Key is missing or is not this shop's key");
		}
		shop.applyApiFaults();
		return shop;
	}

	/** Sells like the platform: only what its stock view covers; delivers the webhook. */
	Sold buy(String shopId, String platformSku, int quantity, @Nullable String buyerId, @Nullable Long unitPriceMinor) {
		Shop shop = shop(shopId);
		Order order = shop.sell(platformSku, quantity, buyerId, unitPriceMinor, this.clock.instant());
		return new Sold(order, deliver(shop, "orders", order));
	}

	/** Sends an after-sales request (cancel or return) of a sold order. */
	AfterSales afterSales(String shopId, String platformOrderId, String type, @Nullable List<StockItem> lines,
			@Nullable String reason) {
		Shop shop = shop(shopId);
		String requestId = shop.afterSalesRequest(platformOrderId);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("requestId", requestId);
		body.put("platformOrderId", platformOrderId);
		body.put("type", type);
		if (lines != null) {
			body.put("lines", lines);
		}
		if (reason != null) {
			body.put("reason", reason);
		}
		return new AfterSales(requestId, deliver(shop, "after-sales", body));
	}

	void traffic(String shopId, Traffic traffic) {
		Shop shop = shop(shopId);
		shop.stopTraffic();
		if (traffic.ordersPerSecond() <= 0) {
			return;
		}
		long periodNanos = TimeUnit.SECONDS.toNanos(1) / traffic.ordersPerSecond();
		ScheduledFuture<?> generator = this.ticks.scheduleAtFixedRate(() -> this.buyers.execute(() -> {
			String platformSku = traffic.platformSkus().get(shop.nextInt(traffic.platformSkus().size()));
			try {
				buy(shopId, platformSku, traffic.quantity(), null, null);
			}
			catch (ProblemException ex) {
				// Sold out or unpriced: counted by the shop; the generator goes on.
			}
			catch (RuntimeException ex) {
				log.warn("Simulated buy on shop {} failed", shopId, ex);
			}
		}), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
		shop.startTraffic(traffic, generator);
	}

	private Delivery deliver(Shop shop, String kind, Object payload) {
		int copies = shop.callbackCopies();
		if (copies == 0) {
			return new Delivery(List.of(), true);
		}
		byte[] body = this.json.writeValueAsBytes(payload);
		URI target = URI.create(shop.config.webhookBaseUrl().replaceAll("/+$", "") + "/webhooks/connectors/"
				+ shop.config.connectorId() + "/" + kind);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < copies; i++) {
			int status;
			try {
				status = WebhookSignatures.send(target, shop.config.webhookSecret(), body).statusCode();
			}
			catch (java.io.IOException ex) {
				status = 0;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				status = 0;
			}
			statuses.add(status);
		}
		shop.delivered(statuses);
		return new Delivery(statuses, false);
	}

	@Override
	public void destroy() {
		this.shops.values().forEach(Shop::stopTraffic);
		this.ticks.shutdownNow();
		this.buyers.shutdownNow();
	}

	/** One shop: its stock view, prices, orders, pushes received, faults and counters. */
	final class Shop {

		final String shopId;

		final ShopConfig config;

		private final String generation;

		private final Random random;

		private final Map<String, StockView> stock = new TreeMap<>();

		private final Map<String, PriceView> prices = new TreeMap<>();

		private final List<ReceivedShipment> shipments = new ArrayList<>();

		private final List<Order> orders = new ArrayList<>();

		private final Map<String, Order> ordersById = new HashMap<>();

		private final Deque<Push> pushes = new ArrayDeque<>();

		private Faults faults = Faults.NONE;

		private Traffic traffic = Traffic.STOPPED;

		private @Nullable ScheduledFuture<?> generator;

		private long refusedBuys;

		private long afterSalesRequests;

		private long throttled;

		private long errors;

		private long callbacksSent;

		private long callbacksFailed;

		private long callbacksDropped;

		private long callbacksDuplicated;

		Shop(String shopId, ShopConfig config, Instant openedAt) {
			this.shopId = shopId;
			this.config = config;
			// Order ids stay unique across resets of a shop (Concord de-duplicates on
			// them).
			this.generation = Long.toString(openedAt.toEpochMilli(), 36).toUpperCase(Locale.ROOT);
			this.random = (config.seed() != null) ? new Random(config.seed()) : new Random();
		}

		synchronized void faults(Faults faults) {
			this.faults = faults;
		}

		synchronized int nextInt(int bound) {
			return this.random.nextInt(bound);
		}

		void applyApiFaults() {
			int delay;
			Fault fault = null;
			synchronized (this) {
				delay = this.faults.delayMillis();
				if (roll(this.faults.throttlePercent())) {
					this.throttled++;
					fault = new Fault(429, this.faults.retryAfterSeconds());
				}
				else if (roll(this.faults.errorPercent())) {
					this.errors++;
					fault = new Fault(500, 0);
				}
			}
			if (delay > 0) {
				try {
					Thread.sleep(delay);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (fault != null) {
				throw fault;
			}
		}

		private boolean roll(int percent) {
			return percent > 0 && this.random.nextInt(100) < percent;
		}

		synchronized void pushStock(List<StockItem> items, Instant now) {
			for (StockItem item : items) {
				this.stock.put(item.platformSku(), new StockView(item.quantity(), now));
			}
			logPush("STOCK", now, List.copyOf(items));
		}

		synchronized void pushPrices(List<PriceItem> items, Instant now) {
			for (PriceItem item : items) {
				this.prices.put(item.platformSku(),
						new PriceView(item.sellingPriceMinor(), item.listPriceMinor(), item.currency(), now));
			}
			logPush("PRICES", now, List.copyOf(items));
		}

		synchronized void pushShipment(Shipment shipment, Instant now) {
			if (!this.ordersById.containsKey(shipment.platformOrderId())) {
				throw new ProblemException.NotFound("Platform order", shipment.platformOrderId());
			}
			this.shipments.add(new ReceivedShipment(shipment, now));
			logPush("SHIPMENT", now, shipment);
		}

		private void logPush(String kind, Instant now, Object values) {
			this.pushes.addLast(new Push(kind, now, values));
			while (this.pushes.size() > PUSHES_KEPT) {
				this.pushes.removeFirst();
			}
		}

		/**
		 * Orders after {@code cursor} (the sequence number of the last one pulled),
		 * oldest first.
		 */
		synchronized Page orders(@Nullable String cursor, int limit) {
			int after = 0;
			if (cursor != null && !cursor.isBlank()) {
				try {
					after = Integer.parseInt(cursor);
				}
				catch (NumberFormatException ex) {
					after = -1;
				}
				if (after < 0) {
					throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.of("invalid-cursor"),
							"Invalid cursor", "The cursor must be one this shop answered");
				}
			}
			int from = Math.min(after, this.orders.size());
			int to = Math.min(from + limit, this.orders.size());
			List<Order> page = List.copyOf(this.orders.subList(from, to));
			// An empty page keeps the caller's place.
			String next = (to > from) ? Integer.toString(to) : cursor;
			return new Page(page, next);
		}

		Order sell(String platformSku, int quantity, @Nullable String buyerId, @Nullable Long unitPriceMinor,
				Instant now) {
			synchronized (this) {
				StockView view = this.stock.get(platformSku);
				if (view == null || view.quantity() < quantity) {
					this.refusedBuys++;
					throw new ProblemException.Conflict(ProblemTypes.of("sold-out"), "Sold out",
							"The shop's stock view of " + platformSku + " is " + ((view != null) ? view.quantity() : 0)
									+ "; " + quantity + " asked")
						.with("platformSku", platformSku)
						.with("available", (view != null) ? view.quantity() : 0);
				}
				PriceView price = this.prices.get(platformSku);
				if (unitPriceMinor == null && price == null) {
					throw new ProblemException.Unprocessable(ProblemTypes.of("no-price"), "No price",
							"No price was pushed for " + platformSku + "; give unitPriceMinor")
						.with("platformSku", platformSku);
				}
				long unit = (unitPriceMinor != null) ? unitPriceMinor : price.sellingPriceMinor();
				this.stock.put(platformSku, new StockView(view.quantity() - quantity, view.pushedAt()));
				int sequence = this.orders.size() + 1;
				String buyer = (buyerId != null) ? buyerId : "buyer-" + (1 + this.random.nextInt(1000));
				Order order = new Order("SIM-" + this.generation + "-" + sequence, buyer,
						List.of(new Line(platformSku, quantity, unit, 0)), Math.multiplyExact(unit, quantity),
						this.config.currency(), Map.of("name", "Buyer " + buyer, "phone", "13800000000", "city",
								"Shanghai", "line1", "1 Simulated Road", "postalCode", "200000"),
						"CN-SH", now);
				this.orders.add(order);
				this.ordersById.put(order.platformOrderId(), order);
				return order;
			}
		}

		synchronized String afterSalesRequest(String platformOrderId) {
			if (!this.ordersById.containsKey(platformOrderId)) {
				throw new ProblemException.NotFound("Platform order", platformOrderId);
			}
			this.afterSalesRequests++;
			return "ASR-" + this.generation + "-" + this.afterSalesRequests;
		}

		/** How many times the next callback is sent: 0 dropped, 2 repeated, else 1. */
		synchronized int callbackCopies() {
			if (roll(this.faults.dropCallbackPercent())) {
				this.callbacksDropped++;
				return 0;
			}
			if (roll(this.faults.duplicateCallbackPercent())) {
				this.callbacksDuplicated++;
				return 2;
			}
			return 1;
		}

		synchronized void delivered(List<Integer> statuses) {
			for (int status : statuses) {
				this.callbacksSent++;
				if (status < 200 || status > 299) {
					this.callbacksFailed++;
				}
			}
		}

		synchronized void startTraffic(Traffic traffic, ScheduledFuture<?> generator) {
			this.traffic = traffic;
			this.generator = generator;
		}

		synchronized void stopTraffic() {
			if (this.generator != null) {
				this.generator.cancel(false);
				this.generator = null;
			}
			this.traffic = Traffic.STOPPED;
		}

		synchronized State state() {
			return new State(this.shopId, this.config.connectorId(), this.config.currency(), new TreeMap<>(this.stock),
					new TreeMap<>(this.prices), List.copyOf(this.shipments), this.orders.size(),
					this.orders.stream().map(Order::platformOrderId).toList(), this.refusedBuys,
					List.copyOf(this.pushes), new Counters(this.throttled, this.errors, this.callbacksSent,
							this.callbacksFailed, this.callbacksDropped, this.callbacksDuplicated),
					this.faults, this.traffic);
		}

	}

	record Page(List<Order> orders, @Nullable String nextCursor) {
	}

}
