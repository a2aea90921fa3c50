package io.concord.inventory.demand;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The forecast job process: a second entry point of inventory-service's jar that runs
 * forecast runs, so training and the native model library never touch the JVM that takes
 * reservations. Its context is narrow on purpose: a DataSource with JDBC and transactions
 * and the few classes that read the forecast inputs; no web server, Kafka, outbox relay,
 * Flyway or scheduled jobs of the service. Started as
 * {@code java -cp inventory-service.jar -Dloader.main=io.concord.inventory.demand.ForecastJob org.springframework.boot.loader.launch.PropertiesLauncher [--once]}:
 * <ul>
 * <li>{@code --once} (a Kubernetes CronJob): claims the oldest requested run, else starts
 * the nightly run when it is due, runs it and exits 0 (1 when it failed);</li>
 * <li>otherwise (the local stack) it watches, checking for due work every
 * {@code concord.inventory.forecasting.job.poll} (5 s).</li>
 * </ul>
 * Deliberately no stereotype annotation: the service's component scan must never pick it
 * (or its runner) up.
 */
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class })
@EnableConfigurationProperties(DemandSettings.class)
// What ForecastInputs reads with: the campaign calendar (RingFences) and what it needs,
// the censored days (from reservation's availability history) and the price history.
@ComponentScan(basePackages = "io.concord.inventory", useDefaultFilters = false, includeFilters = @ComponentScan.Filter(
		type = FilterType.REGEX,
		pattern = { "io\\.concord\\.inventory\\.demand\\.(ForecastInputs|ForecastRuns|CensoredDays|PriceHistory)",
				"io\\.concord\\.inventory\\.reservation\\.(RingFences|StockPools|AvailabilitySignals|StockOuts)",
				"io\\.concord\\.inventory\\.stock\\.ReservedStock", "io\\.concord\\.inventory\\.catalog\\.Catalog" }))
public class ForecastJob {

	private static final Logger log = LoggerFactory.getLogger(ForecastJob.class);

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs the job; answers the process's exit code. */
	static int run(String[] args) {
		boolean once = Arrays.asList(args).contains("--once");
		try (ConfigurableApplicationContext context = start(args)) {
			ForecastJobRunner runner = context.getBean(ForecastJobRunner.class);
			// Stopped (Ctrl-C, SIGTERM, a CronJob's deadline) during a run: the run is
			// failed at once, not left RUNNING until the two-hour abandonment blocks the
			// next one; then the context closes.
			Thread stop = new Thread(() -> {
				try {
					runner.stop();
				}
				catch (RuntimeException ex) {
					log.warn("Forecast job: could not fail the run in progress ({})", ex.getMessage());
				}
				finally {
					context.close();
				}
			}, "forecast-job-stop");
			Runtime.getRuntime().addShutdownHook(stop);
			try {
				if (once) {
					return runner.runDue().map((run) -> "SUCCEEDED".equals(run.status()) ? 0 : 1).orElse(0);
				}
				Duration poll = context.getEnvironment()
					.getProperty("concord.inventory.forecasting.job.poll", Duration.class, Duration.ofSeconds(5));
				log.info("Forecast job watching for requested and nightly runs every {}", poll);
				watch(runner, poll, context);
				return 0;
			}
			finally {
				removeHook(stop);
			}
		}
		catch (RuntimeException ex) {
			log.error("Forecast job failed", ex);
			return 1;
		}
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// Shutting down already: the hook runs.
		}
	}

	/**
	 * The job's narrow context (no web server); {@link #run} closes it, also on a
	 * shutdown signal.
	 */
	static ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(ForecastJob.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(Map.of("spring.datasource.hikari.maximum-pool-size", "2"));
		return application.run(args);
	}

	private static void watch(ForecastJobRunner runner, Duration poll, ConfigurableApplicationContext context) {
		String lastError = null;
		while (context.isActive()) {
			Optional<ForecastRuns.Run> run = Optional.empty();
			try {
				run = runner.runDue();
				lastError = null;
			}
			catch (RuntimeException ex) {
				// The database away (or not migrated yet): one line per new error.
				if (!String.valueOf(ex.getMessage()).equals(lastError)) {
					log.warn("Forecast job: cannot check for work ({}); retrying every {}", ex.getMessage(), poll);
				}
				lastError = String.valueOf(ex.getMessage());
			}
			if (run.isEmpty()) {
				try {
					Thread.sleep(poll);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ForecastJobRunner forecastJobRunner(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			DemandSettings settings, ForecastInputs inputs, ForecastRuns runs, Clock clock, Environment environment) {
		return new ForecastJobRunner(jdbc, transactionManager, settings, inputs, runs, clock,
				ForecastJobRunner.Forecaster.CATALOGUE, runnerName(),
				environment.getProperty("concord.inventory.forecasting.cron", "0 30 2 * * *"));
	}

	/** host:pid, recorded on the runs this process carries out. */
	static String runnerName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown";
		}
		return host + ":" + ProcessHandle.current().pid();
	}

}
