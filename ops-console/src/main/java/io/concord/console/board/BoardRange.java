package io.concord.console.board;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The time ranges the board's KPI figures cover (orders, payment success, rejections,
 * cancellations, SLA breaches): chosen on the page ({@code ?range=15m}), 24 hours when
 * absent. Live rates (orders per second, operations) are always the last seconds or
 * minutes.
 */
enum BoardRange {

	M15("15m", Duration.ofMinutes(15), "board.range.m15"), H1("1h", Duration.ofHours(1), "board.range.h1"),
	H24("24h", Duration.ofHours(24), "board.range.h24");

	final String key;

	final Duration length;

	/** Its label in the bundles. */
	final String label;

	BoardRange(String key, Duration length, String label) {
		this.key = key;
		this.length = length;
		this.label = label;
	}

	static BoardRange of(@Nullable String key) {
		for (BoardRange range : values()) {
			if (range.key.equals(key)) {
				return range;
			}
		}
		return H24;
	}

	public String key() {
		return this.key;
	}

	public String label() {
		return this.label;
	}

}
