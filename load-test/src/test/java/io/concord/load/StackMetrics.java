package io.concord.load;

import java.net.URI;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes every application's {@code /actuator/prometheus} (and /proc for PostgreSQL,
 * Kafka and the load generator) every two seconds while the load runs: CPU, connection
 * pool waits, group-commit queues, outbox backlog and consumer lag, for the capacity
 * report.
 */
final class StackMetrics implements AutoCloseable {

	/** Gauges summed over their label sets, per application. */
	static final List<String> SUMMED = List.of("hikaricp_connections_pending", "hikaricp_connections_active",
			"concord_groupcommit_queued", "concord_outbox_backlog");

	/**
	 * Gauges whose largest label set counts (a consumer's lag on its worst partition).
	 */
	static final List<String> MAXED = List.of("kafka_consumer_fetch_manager_records_lag_max");

	static final String LOAD_GENERATOR = "load generator";

	/** Not a process: the whole machine's busy CPU seconds (/proc/stat), anyone's. */
	static final String MACHINE_BUSY = "machine busy";

	/** Not a process: the whole machine's CPU seconds, busy or idle. */
	static final String MACHINE_TOTAL = "machine total";

	/**
	 * The CPU of the applications' JIT compiler threads together (part of their CPU: a
	 * warm-up cost that a long-running stack no longer pays), when they run on this
	 * machine.
	 */
	static final String JIT = "jit compilation";

	/**
	 * One scrape.
	 *
	 * @param atMillis when
	 * @param cpuSeconds CPU seconds so far, by process
	 * @param gauges application to metric to value
	 */
	record Sample(long atMillis, Map<String, Double> cpuSeconds, Map<String, Map<String, Double>> gauges) {
	}

	private final Map<String, Api> endpoints = new LinkedHashMap<>();

	private final ProcessCpu processes;

	private final ProcessCpu applications;

	private final String kafkaName;

	private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

	private final ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "stack-metrics");
		thread.setDaemon(true);
		return thread;
	});

	StackMetrics(Target target) {
		target.prometheus.forEach((application, url) -> this.endpoints.put(application, new Api(url)));
		this.kafkaName = target.kafkaInThisJvm() ? "kafka (in the load generator)" : "kafka";
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put("postgresql", target.postgresPort);
		if (!target.kafkaInThisJvm()) {
			ports.put(this.kafkaName, target.kafkaPort);
		}
		this.processes = ProcessCpu.listeningOn(ports, ProcessCpu.names("postgresql"));
		Map<String, Integer> applicationPorts = new LinkedHashMap<>();
		target.prometheus.forEach((application, url) -> applicationPorts.put(application, URI.create(url).getPort()));
		this.applications = ProcessCpu.listeningOn(applicationPorts, Set.of());
	}

	void start() {
		this.scraper.scheduleAtFixedRate(this::scrape, 0, 2, TimeUnit.SECONDS);
	}

	/** Scrapes once more now (a step's edge) and returns what it saw. */
	Sample scrapeNow() {
		try {
			return this.scraper.submit(this::scrape).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Scraping the stack's metrics failed", ex);
		}
	}

	List<Sample> samples() {
		synchronized (this.samples) {
			return List.copyOf(this.samples);
		}
	}

	/** Whether the stack's processes beyond the applications were found in /proc. */
	String coverage() {
		return "applications (their process_cpu metric)"
				+ (this.processes.found().isEmpty() ? "" : ", " + String.join(", ", this.processes.found()))
				+ (this.kafkaName.equals("kafka") ? "" : "; Kafka runs inside the load generator's JVM");
	}

	private Sample scrape() {
		Map<String, Double> cpu = new LinkedHashMap<>();
		Map<String, Map<String, Double>> gauges = new LinkedHashMap<>();
		this.endpoints.forEach((application, endpoint) -> {
			Api.Answer answer = endpoint.get("", null);
			if (answer.status() != 200) {
				return;
			}
			Map<String, Double> values = new LinkedHashMap<>();
			for (String line : answer.raw().split("\n")) {
				if (line.isEmpty() || line.charAt(0) == '#') {
					continue;
				}
				int space = line.lastIndexOf(' ');
				int brace = line.indexOf('{');
				String name = line.substring(0, (brace > 0 && brace < space) ? brace : space);
				double value;
				try {
					value = Double.parseDouble(line.substring(space + 1));
				}
				catch (NumberFormatException ex) {
					continue;
				}
				if (name.equals("process_cpu_time_ns_total")) {
					cpu.put(application, value / 1e9);
				}
				else if (name.equals("process_cpu_seconds_total")) {
					cpu.put(application, value);
				}
				else if (SUMMED.contains(name)) {
					values.merge(name, value, Double::sum);
				}
				else if (MAXED.contains(name) && !Double.isNaN(value)) {
					values.merge(name, value, Math::max);
				}
			}
			gauges.put(application, values);
		});
		cpu.putAll(this.processes.seconds());
		if (!this.applications.found().isEmpty()) {
			cpu.put(JIT, this.applications.compilerSeconds());
		}
		cpu.put(LOAD_GENERATOR,
				ProcessHandle.current().info().totalCpuDuration().map((d) -> d.toNanos() / 1e9).orElse(0.0));
		machine(cpu);
		Sample sample = new Sample(System.currentTimeMillis(), cpu, gauges);
		this.samples.add(sample);
		return sample;
	}

	// The first line of /proc/stat: user nice system idle iowait irq softirq steal, in
	// ticks.
	private static void machine(Map<String, Double> cpu) {
		try {
			String[] fields = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
				.get(0)
				.trim()
				.split("\\s+");
			double total = 0;
			for (int i = 1; i <= 8 && i < fields.length; i++) {
				total += Double.parseDouble(fields[i]);
			}
			double idle = Double.parseDouble(fields[4]) + Double.parseDouble(fields[5]);
			cpu.put(MACHINE_BUSY, (total - idle) / 100);
			cpu.put(MACHINE_TOTAL, total / 100);
		}
		catch (java.io.IOException | RuntimeException ex) {
			// not Linux: the report leaves the machine out
		}
	}

	@Override
	public void close() {
		this.scraper.shutdownNow();
	}

}
