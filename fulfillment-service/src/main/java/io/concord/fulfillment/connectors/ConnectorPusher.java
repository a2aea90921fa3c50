package io.concord.fulfillment.connectors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.concord.fulfillment.connectors.ChannelPlatform.PlatformCallFailed;
import io.concord.fulfillment.connectors.ChannelPlatform.PriceUpdate;
import io.concord.fulfillment.connectors.ChannelPlatform.StockLevel;
import io.concord.fulfillment.connectors.ConnectorPushes.PriceRow;
import io.concord.fulfillment.connectors.ConnectorPushes.Pushed;
import io.concord.fulfillment.connectors.ConnectorPushes.StockRow;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pushes due stock and price rows to each enabled connector's platform, shortly after
 * they change: at most 100 items per call, at most {@code pushesPerSecond} calls per
 * second per connector (a Bucket4j bucket of one token refilled evenly, so no second
 * holds more), one pusher per connector across replicas (the connector's
 * {@code connector_sync} row, locked skip-locked for the tick). Stock and prices take
 * turns. A 429 pauses the connector until its Retry-After; any other failure backs the
 * batch's rows off exponentially and is logged, counted and shown to ops ("failing
 * since").
 */
@Component
class ConnectorPusher {

	private static final Logger log = LoggerFactory.getLogger(ConnectorPusher.class);

	static final int BATCH = 100;

	private final Connectors connectors;

	private final ConnectorPushes pushes;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	private final @Nullable Duration confirmedWithin;

	private final Duration retryBase;

	private final Duration retryMax;

	private final Duration throttleBackoff;

	private final Duration budget;

	private final Map<String, Quota> quotas = new ConcurrentHashMap<>();

	/**
	 * When the connector being pushed last called its platform (any replica); only the
	 * scheduled tick, which never overlaps itself, uses it.
	 */
	private @Nullable Instant lastCall;

	private record Quota(int perSecond, Bucket bucket) {
	}

	ConnectorPusher(Connectors connectors, ConnectorPushes pushes, PlatformTransactionManager transactions,
			MeterRegistry meters, Clock clock,
			@Value("${concord.fulfillment.connectors.stock.confirmed-within:#{null}}") @Nullable Duration confirmedWithin,
			@Value("${concord.fulfillment.connectors.retry-base:1s}") Duration retryBase,
			@Value("${concord.fulfillment.connectors.retry-max:5m}") Duration retryMax,
			@Value("${concord.fulfillment.connectors.throttle-backoff:5s}") Duration throttleBackoff,
			@Value("${concord.fulfillment.connectors.push-budget:250ms}") Duration budget) {
		this.connectors = connectors;
		this.pushes = pushes;
		this.transactions = new TransactionTemplate(transactions);
		this.meters = meters;
		this.clock = clock;
		this.confirmedWithin = confirmedWithin;
		this.retryBase = retryBase;
		this.retryMax = retryMax;
		this.throttleBackoff = throttleBackoff;
		this.budget = budget;
	}

	/** How recently inventory must have confirmed a raise: default 2 × resyncEvery. */
	Duration confirmedWithin(Connector connector) {
		return (this.confirmedWithin != null) ? this.confirmedWithin : connector.resyncEvery().multipliedBy(2);
	}

	void pushDue() {
		for (Connector connector : this.connectors.enabled()) {
			try {
				this.transactions.executeWithoutResult((tx) -> push(connector));
			}
			catch (RuntimeException ex) {
				log.warn("Connector {}: push tick failed", connector.connectorId(), ex);
			}
		}
	}

	private void push(Connector connector) {
		String id = connector.connectorId();
		Instant now = this.clock.instant();
		ConnectorPushes.SyncState state = this.pushes.lock(id).orElse(null);
		if (state == null || (state.pausedUntil() != null && state.pausedUntil().isAfter(now))) {
			return;
		}
		long deadline = System.nanoTime() + this.budget.toNanos();
		this.lastCall = state.lastCallAt();
		boolean stockTurn = true;
		boolean stockDone = false;
		boolean pricesDone = false;
		while (!(stockDone && pricesDone)) {
			if (stockTurn && !stockDone) {
				List<StockRow> due = dueStock(connector);
				if (due.isEmpty()) {
					stockDone = true;
				}
				else if (!takeToken(connector, deadline) || !pushStock(connector, due)) {
					return;
				}
			}
			else if (!stockTurn && !pricesDone) {
				List<PriceRow> due = this.pushes.duePrices(id, this.clock.instant(), BATCH);
				if (due.isEmpty()) {
					pricesDone = true;
				}
				else if (!takeToken(connector, deadline) || !pushPrices(connector, due)) {
					return;
				}
			}
			stockTurn = !stockTurn;
		}
	}

	/**
	 * Due rows the rule lets through; held raises and rows the platform already has are
	 * set aside on the way.
	 */
	private List<StockRow> dueStock(Connector connector) {
		while (true) {
			Instant now = this.clock.instant();
			List<StockRow> due = this.pushes.dueStock(connector.connectorId(), now, BATCH);
			if (due.isEmpty()) {
				return due;
			}
			List<StockRow> push = new ArrayList<>();
			List<String> held = new ArrayList<>();
			List<String> settled = new ArrayList<>();
			for (StockRow row : due) {
				StockPushRule.Decision decision = StockPushRule.decide(connector.sellable(row.available()),
						row.pushedQuantity(), row.resend(), row.knownAt(), now, confirmedWithin(connector));
				switch (decision.action()) {
					case PUSH -> push.add(row);
					case HOLD -> held.add(row.sku());
					case NONE -> settled.add(row.sku());
				}
			}
			if (!held.isEmpty()) {
				this.pushes.hold(connector.connectorId(), held, now.plus(connector.resyncEvery()));
			}
			if (!settled.isEmpty()) {
				this.pushes.settled(connector.connectorId(), settled);
			}
			if (!push.isEmpty()) {
				return push;
			}
		}
	}

	private boolean pushStock(Connector connector, List<StockRow> rows) {
		List<StockLevel> levels = rows.stream()
			.map((row) -> new StockLevel(row.platformSku(), connector.sellable(row.available())))
			.toList();
		List<String> skus = rows.stream().map(StockRow::sku).toList();
		try {
			this.connectors.platformOf(connector).pushStock(connector, levels);
		}
		catch (RuntimeException ex) {
			failed(connector, ConnectorPushes.STOCK, skus, ex);
			return false;
		}
		Instant acknowledged = this.clock.instant();
		this.pushes.stockPushed(connector,
				rows.stream().map((row) -> new Pushed(row.sku(), connector.sellable(row.available()))).toList(),
				acknowledged);
		counter("concord.connector.pushes", connector, "stock").increment();
		Timer latency = Timer.builder("concord.connector.stock.sync.latency")
			.description("From inventory's StockChanged to the platform's acknowledgement of the pushed quantity")
			.tag("connector", connector.connectorId())
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(this.meters);
		for (StockRow row : rows) {
			if (row.changedAt() != null) {
				latency.record(Duration.between(row.changedAt(), acknowledged).abs());
			}
		}
		return true;
	}

	private boolean pushPrices(Connector connector, List<PriceRow> rows) {
		List<PriceUpdate> prices = rows.stream()
			.map((row) -> new PriceUpdate(row.platformSku(), row.sellingPriceMinor(), row.listPriceMinor(),
					row.currency()))
			.toList();
		try {
			this.connectors.platformOf(connector).pushPrices(connector, prices);
		}
		catch (RuntimeException ex) {
			failed(connector, ConnectorPushes.PRICES, rows.stream().map(PriceRow::sku).toList(), ex);
			return false;
		}
		this.pushes.pricesPushed(connector.connectorId(), rows, this.clock.instant());
		counter("concord.connector.pushes", connector, "prices").increment();
		return true;
	}

	private void failed(Connector connector, String table, List<String> skus, RuntimeException ex) {
		String kind = ConnectorPushes.STOCK.equals(table) ? "stock" : "prices";
		Instant now = this.clock.instant();
		if (ex instanceof PlatformCallFailed call && call.throttled()) {
			Duration wait = (call.retryAfter() != null) ? call.retryAfter() : this.throttleBackoff;
			this.pushes.pause(connector.connectorId(), now.plus(wait));
			counter("concord.connector.push.throttles", connector, kind).increment();
			log.info("Connector {}: platform throttled the {} push, paused for {}", connector.connectorId(), kind,
					wait);
			return;
		}
		this.pushes.failed(table, connector.connectorId(), skus, String.valueOf(ex.getMessage()), now, this.retryBase,
				this.retryMax);
		counter("concord.connector.push.failures", connector, kind).increment();
		log.warn("Connector {}: {} push of {} SKUs failed, retried with back-off: {}", connector.connectorId(), kind,
				skus.size(), ex.getMessage());
	}

	/** Waits for the connector's quota, within the tick's budget. */
	private boolean takeToken(Connector connector, long deadline) {
		Quota quota = this.quotas
			.compute(connector.connectorId(),
					(id, held) -> (held != null && held.perSecond() == connector.pushesPerSecond()) ? held
							: new Quota(connector.pushesPerSecond(), Bucket.builder()
								.addLimit(Bandwidth.builder()
									.capacity(1)
									.refillGreedy(1, Duration.ofNanos(1_000_000_000L / connector.pushesPerSecond()))
									.build())
								.build()));
		try {
			// The bucket is this replica's; the last call (kept with the lock) spaces
			// calls
			// when the lock moved here from another replica.
			if (this.lastCall != null) {
				long spacing = 1_000_000_000L / connector.pushesPerSecond();
				long early = spacing - Duration.between(this.lastCall, this.clock.instant()).toNanos();
				if (early > 0) {
					if (System.nanoTime() + early > deadline) {
						return false;
					}
					TimeUnit.NANOSECONDS.sleep(early);
				}
			}
			long wait = deadline - System.nanoTime();
			if (wait <= 0 || !quota.bucket().asBlocking().tryConsume(1, Duration.ofNanos(wait))) {
				return false;
			}
			this.lastCall = this.clock.instant();
			this.pushes.called(connector.connectorId(), this.lastCall);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Counter counter(String name, Connector connector, String kind) {
		return Counter.builder(name).tag("connector", connector.connectorId()).tag("kind", kind).register(this.meters);
	}

}
