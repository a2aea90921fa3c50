package io.concord.inventory.demand;

import io.concord.platform.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The nightly run (after the day's orders are in: 02:30 in the business zone by default,
 * {@code concord.inventory.forecasting.cron}), and on-demand runs in the background for
 * the admin API.
 */
@Component
class ForecastSchedule {

	private static final Logger log = LoggerFactory.getLogger(ForecastSchedule.class);

	private final ForecastRuns runs;

	private final TaskExecutor executor;

	ForecastSchedule(ForecastRuns runs, @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
		this.runs = runs;
		this.executor = executor;
	}

	@Scheduled(cron = "${concord.inventory.forecasting.cron:0 30 2 * * *}",
			zone = "${concord.inventory.forecasting.zone:UTC}")
	void nightly() {
		try {
			this.runs.execute(this.runs.start(ForecastRuns.Trigger.SCHEDULED, "schedule").id());
		}
		catch (ProblemException.Conflict ex) {
			log.info("Nightly forecast skipped: another run is in progress");
		}
	}

	/** Starts a run now and carries it out in the background. */
	ForecastRuns.Run onDemand(String requestedBy) {
		ForecastRuns.Run run = this.runs.start(ForecastRuns.Trigger.ON_DEMAND, requestedBy);
		this.executor.execute(() -> this.runs.execute(run.id()));
		return run;
	}

}
