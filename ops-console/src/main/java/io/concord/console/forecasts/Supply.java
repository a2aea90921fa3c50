package io.concord.console.forecasts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Replenishment as inventory-service's admin API answers it: a stock gap
 * ({@code /admin/inventory/stock-gaps}), a suggestion to order
 * ({@code /admin/inventory/replenishment/suggestions}) and a SKU × location's plan with
 * the policy it was made with ({@code /admin/inventory/replenishment/{sku}}).
 */
final class Supply {

	/** Where lead time and order quantities came from, each with a label. */
	static final List<String> TERMS_SOURCES = List.of("CONTRACT", "SETTING");

	/** The suggestions' statuses, each with a label ({@code forecasts.suggestion.*}). */
	static final List<String> SUGGESTION_STATUSES = List.of("OPEN", "ORDERED", "EXPIRED");

	private Supply() {
	}

	public record Gap(String sku, String location, int available, int incoming, double forecastDemand,
			LocalDate runsOutOn, int daysOfCover, int shortfall, @Nullable String openSuggestionId) {
	}

	public record Suggestion(String id, String sku, String location, int quantity, @Nullable String supplierId,
			Instant needBy, int safetyStock, int reorderPoint, int orderUpTo, int position, String status,
			Instant createdAt, String termsSource) {
	}

	public record Policy(String sku, String location, int leadTimeDays, int reviewDays, BigDecimal serviceLevel,
			@Nullable String supplierId, int minimumOrder, int orderMultiple, boolean configured, String termsSource) {
	}

	public record Position(int onHand, int reserved, int inTransit, int onOrder) {
	}

	public record Plan(String sku, String location, String model, double leadTimeDemand, Policy policy,
			Position position, int safetyStock, int reorderPoint, int orderUpTo, int quantityToOrder,
			@Nullable Suggestion openSuggestion) {
	}

}
