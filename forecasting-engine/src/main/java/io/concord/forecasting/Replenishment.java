package io.concord.forecasting;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Replenishment by the (s, S) policy, from a demand forecast and its error: review the
 * stock every {@code reviewDays}; when the inventory position (on hand − reserved + in
 * transit + on order) is at or below the reorder point {@code s}, order up to {@code S}.
 * <ul>
 * <li>safety stock = {@code z · sigma · sqrt(L)}: the forecast error over the supplier's
 * lead time L at the service level's z (95% → 1.645);</li>
 * <li>reorder point s = forecast demand over L + safety stock;</li>
 * <li>order-up-to S = forecast demand over L + R + {@code z · sigma · sqrt(L + R)}: an
 * order has to last until the next one arrives.</li>
 * </ul>
 * Forecast errors of successive days are taken as independent, so they add in variance.
 * Quantities round up: a part unit short is a unit short.
 */
public final class Replenishment {

	private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

	/** Lead time and review period in days, the cycle service level, minimum order. */
	public record Policy(int leadTimeDays, int reviewDays, double serviceLevel, int minimumOrder) {

		public Policy {
			if (leadTimeDays < 1 || reviewDays < 1 || minimumOrder < 1) {
				throw new IllegalArgumentException("Lead time, review period and minimum order must be at least 1");
			}
			if (!(serviceLevel >= 0.5 && serviceLevel < 1)) {
				throw new IllegalArgumentException("The service level must be in [0.5, 1), was " + serviceLevel);
			}
		}

	}

	/** What the policy says for one SKU at one location. */
	public record Plan(int safetyStock, int reorderPoint, int orderUpTo, int position, int quantity,
			double leadTimeDemand) {

		public boolean orderNeeded() {
			return this.quantity > 0;
		}

	}

	private Replenishment() {
	}

	/**
	 * @param dailyMeans the forecast from tomorrow on (extended with its last value when
	 * shorter than L + R)
	 * @param dailySigma the standard deviation of one day's forecast error
	 * @param position the inventory position now
	 */
	public static Plan plan(double[] dailyMeans, double dailySigma, Policy policy, int position) {
		double z = STANDARD_NORMAL.inverseCumulativeProbability(policy.serviceLevel());
		int lead = policy.leadTimeDays();
		int cover = lead + policy.reviewDays();
		double leadDemand = demand(dailyMeans, lead);
		double coverDemand = demand(dailyMeans, cover);
		double safety = z * dailySigma * Math.sqrt(lead);
		int reorderPoint = ceil(leadDemand + safety);
		int orderUpTo = Math.max(reorderPoint, ceil(coverDemand + z * dailySigma * Math.sqrt(cover)));
		int quantity = 0;
		if (position <= reorderPoint && orderUpTo > position) {
			quantity = Math.max(orderUpTo - position, policy.minimumOrder());
		}
		return new Plan(ceil(safety), reorderPoint, orderUpTo, position, quantity, leadDemand);
	}

	/** Z for a cycle service level (0.95 → 1.645). */
	static double z(double serviceLevel) {
		return STANDARD_NORMAL.inverseCumulativeProbability(serviceLevel);
	}

	private static double demand(double[] dailyMeans, int days) {
		double sum = 0;
		for (int d = 0; d < days; d++) {
			sum += (dailyMeans.length == 0) ? 0 : dailyMeans[Math.min(d, dailyMeans.length - 1)];
		}
		return sum;
	}

	/** Rounds up, forgiving floating-point dust (40.0000000001 is 40). */
	private static int ceil(double value) {
		return (int) Math.ceil(value - 1e-9);
	}

}
