package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.WebhookSignatures;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment-provider callbacks. Each is authenticated by its provider's HMAC-SHA256
 * signature over the raw body and applied once per provider transaction id: a repeated
 * callback finds its row and changes nothing. A payment for an order that can no longer
 * take it (cancelled, expired) is recorded as a refund due, not lost.
 */
@Component
class Payments {

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

	/** The callback's facts. */
	record Callback(String transactionId, String orderId, long amountMinor, String currency, String status) {
	}

	record Outcome(String orderId, String outcome, boolean duplicate) {
	}

	private final Providers providers;

	private final OrderLifecycle lifecycle;

	private final Orders orders;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	Payments(Providers providers, OrderLifecycle lifecycle, Orders orders, JdbcTemplate jdbc,
			PlatformTransactionManager transactions, Clock clock) {
		this.providers = providers;
		this.lifecycle = lifecycle;
		this.orders = orders;
		this.jdbc = JdbcClient.create(jdbc);
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** Throws 404 for an unknown provider and 401 for a missing or wrong signature. */
	void verify(String provider, byte[] body, @Nullable String signature) {
		Providers.Provider configured = (this.providers.providers() != null) ? this.providers.providers().get(provider)
				: null;
		if (configured == null) {
			throw new ProblemException.NotFound("Payment provider", provider);
		}
		WebhookSignatures.verify(configured.secret(), body, signature);
	}

	Outcome apply(String provider, Callback callback) {
		Outcome outcome = this.transaction.execute((status) -> {
			// Callbacks for one order queue on its row, so a repeated one finds the
			// first's
			// payment row once that commits.
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
			this.jdbc
				.sql("""
						insert into payment (provider, provider_txn_id, order_id, amount_minor, currency, outcome, received_at)
						values (?, ?, ?, ?, ?, ?, ?)""")
				.params(provider, callback.transactionId(), callback.orderId(), callback.amountMinor(),
						callback.currency(), result, Timestamp.from(this.clock.instant()))
				.update();
			return new Outcome(callback.orderId(), result, false);
		});
		if (outcome.outcome().equals("APPLIED") && !outcome.duplicate()) {
			this.lifecycle.confirmWithPartners(outcome.orderId());
		}
		return outcome;
	}

}
