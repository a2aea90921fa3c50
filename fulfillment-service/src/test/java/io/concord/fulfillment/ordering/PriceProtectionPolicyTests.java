package io.concord.fulfillment.ordering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which policy an order is protected under: the default, its channel's, then the
 * promotions that applied to it (shortest window; auto only if all allow it).
 */
class PriceProtectionPolicyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PriceProtection protection = new PriceProtection(null, null,
			new PriceProtection.Settings(Duration.ofDays(7), false, 500,
					Map.of("LIVE", new PriceProtection.Settings.Rule(Duration.ofDays(15), true)),
					Map.of("D11-FLASH", new PriceProtection.Settings.Rule(Duration.ZERO, null), "D11-GUARANTEE",
							new PriceProtection.Settings.Rule(Duration.ofDays(30), false), "D11-AUTO",
							new PriceProtection.Settings.Rule(null, true))),
			new JdbcTemplate(), new NoTransactions(), (event) -> {
			}, Clock.systemUTC());

	@Test
	void theDefaultAppliesWithoutOverrides() {
		assertThat(this.protection.policyOf(order("APP")))
			.isEqualTo(new PriceProtection.Policy(Duration.ofDays(7), false));
	}

	@Test
	void theChannelOverridesTheDefault() {
		assertThat(this.protection.policyOf(order("LIVE")))
			.isEqualTo(new PriceProtection.Policy(Duration.ofDays(15), true));
	}

	@Test
	void aPromotionOverridesTheChannelAndWhatItLeavesOpenIsInherited() {
		assertThat(this.protection.policyOf(order("LIVE", "D11-GUARANTEE")))
			.isEqualTo(new PriceProtection.Policy(Duration.ofDays(30), false));
		assertThat(this.protection.policyOf(order("APP", "D11-AUTO")))
			.isEqualTo(new PriceProtection.Policy(Duration.ofDays(7), true));
		assertThat(this.protection.policyOf(order("APP", "NOT-CONFIGURED")))
			.isEqualTo(new PriceProtection.Policy(Duration.ofDays(7), false));
	}

	@Test
	void severalPromotionsTakeTheShortestWindowAndAutoOnlyIfAllAllowIt() {
		assertThat(this.protection.policyOf(order("LIVE", "D11-GUARANTEE", "D11-FLASH")))
			.as("a flash sale closes the window")
			.isEqualTo(new PriceProtection.Policy(Duration.ZERO, false));
		assertThat(this.protection.policyOf(order("LIVE", "D11-AUTO", "D11-GUARANTEE")))
			.isEqualTo(new PriceProtection.Policy(Duration.ofDays(15), false));
	}

	private static Orders.Order order(String channel, String... promotions) {
		tools.jackson.databind.node.ObjectNode quote = JSON.createObjectNode();
		tools.jackson.databind.node.ArrayNode applied = quote.putArray("applied");
		for (String promotion : promotions) {
			applied.addObject().put("promotionId", promotion).put("discountMinor", 100);
		}
		JsonNode none = null;
		Instant now = Instant.now();
		return new Orders.Order("ORD-1", UUID.randomUUID(), channel, OrderStatus.PAID, PlacementStep.DONE, none, null,
				"CNY", 0, 0, 0, 0, 0, 0, quote, "sealed", null, none, false, null, null, now, true, null, null, null, 1,
				now, List.of(), null, null, null, new Orders.Points(0, 0, 0, 0), List.of(), null);
	}

	/** The policy needs no transaction. */
	private static final class NoTransactions extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, org.springframework.transaction.TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
