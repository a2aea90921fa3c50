package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
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

	private final Map<String, String> secrets = new HashMap<>();

	private final OrderLifecycle lifecycle;

	private final Orders orders;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	Payments(Providers providers, List<ContributedProvider> contributed, OrderLifecycle lifecycle, Orders orders,
			JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
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
