package io.concord.console.forecasts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A forecast run as the admin API answers it ({@code /admin/inventory/forecasts/runs}):
 * status, who asked, the job process that ran it, the model (name, version, trained
 * artefact's SHA-256), timings, counts and the failure reason.
 */
public record ForecastRun(long id, String trigger, String status, String requestedBy, LocalDate firstDay, int horizon,
		Instant requestedAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String runner,
		@Nullable Model model, @Nullable Integer series, @Nullable Map<String, Integer> models,
		@Nullable Integer censoredDays, @Nullable String failure) {

	/** Every status the API names, each with a label ({@code forecasts.status.*}). */
	public static final List<String> STATUSES = List.of("REQUESTED", "RUNNING", "SUCCEEDED", "FAILED");

	/** Every trigger the API names, each with a label ({@code forecasts.trigger.*}). */
	public static final List<String> TRIGGERS = List.of("SCHEDULED", "ON_DEMAND");

	public record Model(String name, String version, @Nullable String artefactSha256, @Nullable Integer trainingRows,
			@Nullable Double trainingSeconds, @Nullable String blend) {
	}

	/** Still to end: the job process has not finished it. */
	public boolean inProgress() {
		return "REQUESTED".equals(this.status) || "RUNNING".equals(this.status);
	}

	/** Seconds from start to finish (or to now while it runs), null before it starts. */
	public @Nullable Long seconds() {
		if (this.startedAt == null) {
			return null;
		}
		Instant end = (this.finishedAt != null) ? this.finishedAt : Instant.now();
		return Duration.between(this.startedAt, end).toSeconds();
	}

	/** How many series each model won, e.g. {@code ETS 12 · Croston 3}. */
	public String modelsWon() {
		if (this.models == null) {
			return "";
		}
		return String.join(" · ", this.models.entrySet().stream().map((e) -> e.getKey() + " " + e.getValue()).toList());
	}

}
