package io.concord.bench;

import java.util.Arrays;

/** Latencies of one run, in microseconds, with the figures a report needs. */
record Latencies(long[] micros, double seconds) {

	static Latencies of(long[] micros, double seconds) {
		long[] sorted = micros.clone();
		Arrays.sort(sorted);
		return new Latencies(sorted, seconds);
	}

	/** The p-th percentile (nearest rank), in milliseconds. */
	double percentileMillis(double p) {
		if (this.micros.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * this.micros.length);
		return this.micros[Math.max(0, Math.min(this.micros.length - 1, rank - 1))] / 1000.0;
	}

	double throughput() {
		return this.micros.length / this.seconds;
	}

}
