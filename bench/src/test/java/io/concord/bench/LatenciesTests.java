package io.concord.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTests {

	@Test
	void percentilesUseTheNearestRank() {
		long[] micros = new long[100];
		for (int i = 0; i < 100; i++) {
			micros[i] = (100 - i) * 1000L; // 100 ms down to 1 ms, unsorted on purpose
		}
		Latencies latencies = Latencies.of(micros, 2.0);
		assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
		assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
		assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
		assertThat(latencies.throughput()).isEqualTo(50.0);
	}

}
