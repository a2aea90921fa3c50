package io.concord.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.concord.platform.infra.KafkaServer;
import io.concord.platform.infra.PostgresServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One service in the benchmark's process, on its own real PostgreSQL (durable commits:
 * fsync and synchronous commit on, as in production) and a real Kafka broker, in a
 * temporary directory removed afterwards.
 */
final class InProcessService {

	@FunctionalInterface
	interface Measurement {

		void measure(ConfigurableApplicationContext service) throws Exception;

	}

	private InProcessService() {
	}

	/**
	 * @param name the service's name; its database is {@code name} with underscores and
	 * its migrations are in {@code db/<domain>}
	 * @param settings the service's own settings; any {@code --name=value} argument of
	 * the benchmark's command line is added after them, so it wins
	 */
	static void run(String name, String domain, Class<?> application, String[] args, List<String> settings,
			Measurement measurement) throws Exception {
		String database = name.replace('-', '_');
		Path data = Files.createTempDirectory("concord-bench-" + domain);
		try (PostgresServer postgres = PostgresServer.start(data.resolve("postgres"), 0, true);
				KafkaServer kafka = KafkaServer.start(data.resolve("kafka"), 0, true)) {
			postgres.ensureDatabase(database);
			// Arguments, not default properties: they must win over any application.yml
			// on the benchmark's classpath (every benchmarked service's is there).
			List<String> arguments = new ArrayList<>(List.of("--spring.application.name=" + name,
					"--spring.flyway.locations=classpath:db/" + domain + ",classpath:db/platform",
					"--spring.jpa.hibernate.ddl-auto=validate", "--spring.datasource.url=" + postgres.jdbcUrl(database),
					"--spring.datasource.username=" + postgres.username(),
					"--spring.datasource.password=" + postgres.password(),
					"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--server.port=0",
					"--logging.level.root=WARN", "--concord.environment=local",
					// The platform's producer gives up on a send after 5 s blocked and 15
					// s
					// undelivered, so that an outage leaves events in the outbox for the
					// relay
					// (the fault suite). A benchmark is a burst of tens of thousands of
					// events
					// at a broker sharing two cores with everything else: with those
					// limits
					// the warm-up's sends expire and are sent again for ever. It measures
					// throughput, not outages, so sends may wait as long as the client
					// defaults allow (and a stale publication is only retried after
					// that).
					"--spring.kafka.producer.properties.max.block.ms=60000",
					"--spring.kafka.producer.properties.request.timeout.ms=30000",
					"--spring.kafka.producer.properties.delivery.timeout.ms=120000",
					"--spring.modulith.events.staleness.processing=PT5M",
					"--spring.modulith.events.staleness.published=PT5M",
					"--spring.modulith.events.staleness.resubmission=PT5M"));
			arguments.addAll(settings);
			Arrays.stream(args).filter((arg) -> arg.startsWith("--")).forEach(arguments::add);
			try (ConfigurableApplicationContext service = new SpringApplicationBuilder(application)
				.run(arguments.toArray(String[]::new))) {
				measurement.measure(service);
			}
		}
		finally {
			try (var files = Files.walk(data)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	/** The numbers after the benchmark's name, or the defaults. */
	static int[] numbers(String[] args, int... defaults) {
		List<String> given = Arrays.stream(args).skip(1).filter((arg) -> !arg.startsWith("--")).toList();
		int[] numbers = defaults.clone();
		for (int i = 0; i < Math.min(given.size(), numbers.length); i++) {
			numbers[i] = Integer.parseInt(given.get(i));
		}
		return numbers;
	}

	/**
	 * Waits until the outbox has relayed every event of the runs before, so a run does
	 * not pay for its predecessor's events on these two cores.
	 */
	static void quiesce(JdbcTemplate jdbc) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		Integer pending;
		while ((pending = jdbc.queryForObject("select count(*) from event_publication where completion_date is null",
				Integer.class)) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(500);
		}
		System.out.printf("Outbox drained (%d publications pending)%n", pending);
	}

}
