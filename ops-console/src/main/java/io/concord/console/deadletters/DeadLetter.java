package io.concord.console.deadletters;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A dead letter as the platform's admin API answers it
 * ({@code /admin/<service>/dead-letters/{id}}), with the service it belongs to.
 */
public record DeadLetter(String service, long id, String topic, int partition, long offset, @Nullable String key,
		@Nullable String eventId, @Nullable String eventType, String reason, String status, Instant failedAt,
		@Nullable Instant replayedAt, @Nullable Instant retriedAt, int attempts, Map<String, String> headers,
		String payload) {

	/** PENDING (waiting for ops), PARKED (waiting for a prerequisite event), REPLAYED. */
	public static final List<String> STATES = List.of("PENDING", "PARKED", "REPLAYED");

	/** A replay is refused once one succeeded. */
	public boolean replayable() {
		return !"REPLAYED".equals(this.status);
	}

	/** The error's first line, for the list. */
	public String shortReason() {
		String line = this.reason.lines().findFirst().orElse("");
		return (line.length() > 160) ? line.substring(0, 159) + "…" : line;
	}

}
