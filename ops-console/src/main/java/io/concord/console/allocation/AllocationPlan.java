package io.concord.console.allocation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An allocation plan as inventory-service's admin API answers it
 * ({@code /admin/inventory/allocation-plans/{id}}): only what the screens show.
 */
public record AllocationPlan(long id, String campaignId, LocalDate windowStart, LocalDate windowEnd,
		BigDecimal fencePercent, String status, String createdBy, Instant createdAt, @Nullable String decidedBy,
		@Nullable Instant decidedAt, List<Target> targets, List<Move> transfers, List<Fence> fences) {

	public record Target(String sku, String location, @Nullable String region, double forecast, int available,
			int target) {
	}

	public record Move(String sku, String from, String to, int quantity, @Nullable Long transferId) {
	}

	public record Fence(String sku, String channel, double share, int quantity, @Nullable Long fenceId) {
	}

	public boolean open() {
		return "PROPOSED".equals(this.status);
	}

}
