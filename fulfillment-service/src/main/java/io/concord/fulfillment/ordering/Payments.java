package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.TestRun;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment-provider callbacks. Each is authenticated by its provider's signature
 * ({@code SignedWebhooks}) and applied once per provider transaction id: a repeated
 * callback finds its row and changes nothing. A payment for an order that can no longer
 * take it (cancelled, expired) is recorded as a refund due, not lost. Providers are
 * configured ({@code concord.fulfillment.payments.providers}); the local stack's
 * simulated one exists only with the dev tools, whatever is configured.
 */
@Component
class Payments {

	/** The provider the dev tools contribute; never one from configuration. */
	static final String SIMULATED = "simulated";

	/** Per provider: the shared secret its callbacks are signed with. */
	@ConfigurationProperties("concord.fulfillment.payments")
	record Providers(@Nullable Map<String, Provider> providers) {

		Providers

		{
			providers = (providers != null) ? providers : Map.of();
		}

		record Provider(String secret) {
		}

	}

	/**
	 * A provider contributed by code rather than configuration: the dev tools' simulated
	 * one.
	 */
	record ContributedProvider(String name, String secret) {
	}

	/** The callback's facts, as the payment partner API describes them. */
	record Callback(@NotBlank @Size(max = 100) String transactionId, @NotBlank @Size(max = 64) String orderId,
			@NotNull @PositiveOrZero Long amountMinor, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@NotBlank @Size(max = 32) String status) {
	}

	record Outcome(String orderId, String outcome, boolean duplicate) {
	}

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	/** How long a payment callback waits for its order's confirmation at the partners. */
	private static final java.time.Duration CONFIRMATION_WAIT = java.time.Duration.ofSeconds(2);

	private final Map<String, String> secrets = new HashMap<>();

	private final OrderLifecycle lifecycle;

	private final Orders orders;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	Payments(Providers providers, List<ContributedProvider> contributed, OrderLifecycle lifecycle, Orders orders,
			JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock, ApplicationEventPublisher events,
			MeterRegistry meters) {
		this.events = events;
		this.meters = meters;
		if (providers.providers().containsKey(SIMULATED)) {
			throw new IllegalStateException("concord.fulfillment.payments.providers." + SIMULATED
					+ " may not be configured: the simulated provider exists only with "
					+ "concord.fulfillment.dev-tools.enabled=true");
		}
		providers.providers().forEach((name, provider) -> this.secrets.put(name, provider.secret()));
		contributed.forEach((provider) -> this.secrets.put(provider.name(), provider.secret()));
		this.lifecycle = lifecycle;
		this.orders = orders;
		this.jdbc = JdbcClient.create(jdbc);
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** The provider's callback secret; 404 for a provider that is not there. */
	String secretOf(String provider) {
		String secret = this.secrets.get(provider);
		if (secret == null) {
			throw new ProblemException.NotFound("Payment provider", provider);
		}
		return secret;
	}

	/**
	 * Applies the callback as part of its order's load-test run, if any: a provider never
	 * sends the tag, yet the payment row is the run's and the order's events go to the
	 * shadow topic (ADR-25).
	 */
	Outcome apply(String provider, Callback callback) {
		return TestRun.callWith(this.orders.runOf(callback.orderId()), () -> applyInRun(provider, callback));
	}

	private Outcome applyInRun(String provider, Callback callback) {
		Outcome outcome = this.transaction.execute((status) -> {
			// Callbacks for one order queue on its row, so a repeated one finds the
			// first's payment row once that commits.
			Orders.Order order = this.orders.lock(callback.orderId());
			String existing = this.jdbc
				.sql("select outcome from payment where provider = ? and provider_txn_id = ? for update")
				.params(provider, callback.transactionId())
				.query(String.class)
				.optional()
				.orElse(null);
			if (existing != null) {
				return new Outcome(callback.orderId(), existing, true);
			}
			String result;
			if (!callback.status().equals("SUCCEEDED")) {
				result = "FAILED";
			}
			else if (callback.amountMinor() != order.payableMinor() || !callback.currency().equals(order.currency())) {
				result = "AMOUNT_MISMATCH";
			}
			else if (this.lifecycle.pay(order.orderId(), provider)) {
				result = "APPLIED";
			}
			else {
				result = "REFUND_DUE";
			}
			Instant now = this.clock.instant();
			this.jdbc
				.sql("""
						insert into payment (provider, provider_txn_id, order_id, amount_minor, currency, outcome, received_at)
						values (?, ?, ?, ?, ?, ?, ?)""")
				.params(provider, callback.transactionId(), callback.orderId(), callback.amountMinor(),
						callback.currency(), result, Timestamp.from(now))
				.update();
			if (result.equals("REFUND_DUE") || result.equals("AMOUNT_MISMATCH")) {
				// Charged, but no order takes it: finance and ops must hear of it (M2).
				this.events.publishEvent(new OrderEvents.PaymentRefundDue(
						EventMetadata.of(provider + ":" + callback.transactionId(), 1, now), callback.orderId(),
						provider, callback.transactionId(),
						new OrderEvents.Money(callback.amountMinor(), callback.currency()),
						result.equals("REFUND_DUE") ? "ORDER_NOT_PAYABLE" : "AMOUNT_MISMATCH", now));
				log.warn("Payment {}:{} for order {} needs a refund ({})", provider, callback.transactionId(),
						callback.orderId(), result);
			}
			return new Outcome(callback.orderId(), result, false);
		});
		if (!TestRun.active()) {
			// Dashboards count real payments only (ADR-25).
			this.meters
				.counter("concord.payments", "outcome", outcome.outcome(), "duplicate",
						String.valueOf(outcome.duplicate()))
				.increment();
		}
		if (outcome.outcome().equals("APPLIED") && !outcome.duplicate()) {
			// The payment is recorded. Stock and coupons are confirmed at once, but the
			// provider's callback waits for that at most a moment: a slow partner never
			// slows down or fails a payment callback (M2); the job finishes what is left.
			String orderId = outcome.orderId();
			Thread confirming = Thread.ofVirtual()
				.name("confirm-" + orderId)
				.start(TestRun.carried(() -> this.lifecycle.confirmWithPartners(orderId)));
			try {
				confirming.join(CONFIRMATION_WAIT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return outcome;
	}

	/** A payment that no order could take, as ops see it. */
	record AttentionNeeded(String provider, String transactionId, String orderId, long amountMinor, String currency,
			String outcome, Instant receivedAt, @Nullable Instant resolvedAt, @Nullable String resolvedBy,
			@Nullable String resolution) {
	}

	List<AttentionNeeded> needingAttention(String outcome, boolean includeResolved, int limit) {
		return this.jdbc.sql("""
				select provider, provider_txn_id, order_id, amount_minor, currency, outcome, received_at,
				  resolved_at, resolved_by, resolution
				from payment where outcome = ? and (? or resolved_at is null) and test_run is null
				order by received_at desc limit ?""")
			.params(outcome, includeResolved, limit)
			.query((rs, n) -> new AttentionNeeded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
					(rs.getTimestamp(8) != null) ? rs.getTimestamp(8).toInstant() : null, rs.getString(9),
					rs.getString(10)))
			.list();
	}

	/** Every payment callback recorded for an order, oldest first (ops' order view). */
	List<AttentionNeeded> ofOrder(String orderId) {
		return this.jdbc.sql("""
				select provider, provider_txn_id, order_id, amount_minor, currency, outcome, received_at,
				  resolved_at, resolved_by, resolution
				from payment where order_id = ? order by received_at""")
			.params(orderId)
			.query((rs, n) -> new AttentionNeeded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
					(rs.getTimestamp(8) != null) ? rs.getTimestamp(8).toInstant() : null, rs.getString(9),
					rs.getString(10)))
			.list();
	}

	/** Ops record what they did about a payment that needed a refund. */
	AttentionNeeded resolve(String provider, String transactionId, String actor, String resolution) {
		int updated = this.jdbc.sql("""
				update payment set resolved_at = ?, resolved_by = ?, resolution = ?
				where provider = ? and provider_txn_id = ? and outcome in ('REFUND_DUE', 'AMOUNT_MISMATCH')
				  and resolved_at is null""")
			.params(Timestamp.from(this.clock.instant()), actor, resolution, provider, transactionId)
			.update();
		List<AttentionNeeded> payment = this.jdbc.sql("""
				select provider, provider_txn_id, order_id, amount_minor, currency, outcome, received_at,
				  resolved_at, resolved_by, resolution
				from payment where provider = ? and provider_txn_id = ?""")
			.params(provider, transactionId)
			.query((rs, n) -> new AttentionNeeded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
					(rs.getTimestamp(8) != null) ? rs.getTimestamp(8).toInstant() : null, rs.getString(9),
					rs.getString(10)))
			.list();
		if (payment.isEmpty()) {
			throw new ProblemException.NotFound("Payment", provider + ":" + transactionId);
		}
		if (updated == 0 && payment.get(0).resolvedAt() == null) {
			throw new ProblemException.Conflict("Payment " + provider + ":" + transactionId + " is "
					+ payment.get(0).outcome() + ": nothing to resolve");
		}
		return payment.get(0);
	}

}
