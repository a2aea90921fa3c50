package io.concord.fulfillment.ordering;

/**
 * Spreads what points paid over an order's lines by their net (payable) share, largest
 * remainder first, so the lines add up exactly to the points value and no line carries
 * more than its net (what exceeds all lines' net paid shipping and stays with the order).
 */
final class PointsShares {

	private PointsShares() {
	}

	static long[] spread(long valueMinor, long[] nets) {
		long[] shares = new long[nets.length];
		long total = 0;
		for (long net : nets) {
			total = Math.addExact(total, net);
		}
		long spread = Math.min(valueMinor, total);
		if (spread <= 0) {
			return shares;
		}
		java.math.BigInteger whole = java.math.BigInteger.valueOf(spread);
		java.math.BigInteger sum = java.math.BigInteger.valueOf(total);
		long[] remainders = new long[nets.length];
		long given = 0;
		for (int i = 0; i < nets.length; i++) {
			java.math.BigInteger[] division = whole.multiply(java.math.BigInteger.valueOf(nets[i]))
				.divideAndRemainder(sum);
			shares[i] = division[0].longValueExact();
			remainders[i] = division[1].longValueExact();
			given += shares[i];
		}
		// The minor units rounding left over go to the largest remainders (first line on
		// a tie), one each.
		for (long left = spread - given; left > 0; left--) {
			int best = -1;
			for (int i = 0; i < nets.length; i++) {
				if (shares[i] < nets[i] && (best < 0 || remainders[i] > remainders[best])) {
					best = i;
				}
			}
			shares[best]++;
			remainders[best] = -1;
		}
		return shares;
	}

}
