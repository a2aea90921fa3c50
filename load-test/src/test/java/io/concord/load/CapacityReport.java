package io.concord.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the measured part of docs/capacity.md: per step, the achieved checkouts, place
 * and pay latencies, errors, CPU per checkout (every process of the stack together) and
 * the queues that show where checkouts wait. Only the text between the markers is
 * replaced: the analysis written around it stays.
 */
final class CapacityReport {

	static final String BEGIN = "<!-- capacity:generated:begin (the load test's step mode rewrites this part) -->";

	static final String END = "<!-- capacity:generated:end -->";

	private CapacityReport() {
	}

	static void write(LoadSettings settings, String target, Checkouts checkouts, StackMetrics metrics) {
		List<Checkouts.StepStats> steps = checkouts.steps();
		List<StackMetrics.Sample> samples = metrics.samples();
		StringBuilder out = new StringBuilder();
		out.append(BEGIN).append('\n');
		out.append(String.format(Locale.ROOT,
				"Measured %s against %s: checkout alone (place with `Idempotency-Key`, then pay through the "
						+ "simulated provider's signed callback), %d shoppers round robin on well-stocked SKUs, the "
						+ "arrival rate raised by %s/s every %d s from %s/s (after %d s of warm-up at that rate) until place p99 > %d ms or errors > 1%%.%n%n",
				Instant.now().truncatedTo(ChronoUnit.SECONDS), target, settings.shoppers(),
				number(settings.stepIncrement()), settings.stepDuration().toSeconds(), number(settings.rate()),
				settings.warmUp().toSeconds(), settings.p99Millis()));
		out.append(
				"| Step | Offered /s | Checkouts/s (paid) | place p50 | place p99 | pay p50 | pay p99 | Errors | CPU ms per checkout | of which JIT compiling | Machine CPU busy |\n");
		out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		Set<String> processes = new LinkedHashSet<>();
		List<Map<String, Double>> cpuPerStep = new ArrayList<>();
		for (Checkouts.StepStats step : steps) {
			Map<String, Double> cpu = cpuDelta(samples, step.fromMillis(), step.toMillis());
			cpuPerStep.add(cpu);
			cpu.keySet().stream().filter((name) -> !machine(name)).forEach(processes::add);
			double stack = cpu.entrySet()
				.stream()
				.filter((e) -> !e.getKey().equals(StackMetrics.LOAD_GENERATOR) && !machine(e.getKey()))
				.mapToDouble(Map.Entry::getValue)
				.sum();
			Double busy = cpu.get(StackMetrics.MACHINE_BUSY);
			Double total = cpu.get(StackMetrics.MACHINE_TOTAL);
			String machine = (busy == null || total == null || total <= 0) ? "n/a"
					: String.format(Locale.ROOT, "%.0f%%", 100 * busy / total);
			Double jit = cpu.get(StackMetrics.JIT);
			out.append(String.format(Locale.ROOT,
					"| %d%s | %s | %.1f | %s | %s | %s | %s | %.1f%% (%d of %d) | %s | %s | %s |%n", step.step() + 1,
					(step.step() == checkouts.saturatedAt()) ? " (saturated)" : "", number(step.targetRate()),
					step.achievedPerSecond(), ms(step.placeP50()), ms(step.placeP99()), ms(step.payP50()),
					ms(step.payP99()), 100 * step.errorRate(), step.failed(), step.finished(),
					(step.paid() == 0 || cpu.isEmpty()) ? "n/a"
							: String.format(Locale.ROOT, "%.0f", 1000 * stack / step.paid()),
					(step.paid() == 0 || jit == null) ? "n/a"
							: String.format(Locale.ROOT, "%.0f", 1000 * jit / step.paid()),
					machine));
		}
		out.append("\nCPU ms per paid checkout, by process (the load generator is not part of the total above):\n\n");
		out.append("| Step |");
		processes.forEach((process) -> out.append(' ').append(process).append(" |"));
		out.append("\n|---|");
		processes.forEach((process) -> out.append("---|"));
		out.append('\n');
		for (int i = 0; i < steps.size(); i++) {
			Checkouts.StepStats step = steps.get(i);
			Map<String, Double> cpu = cpuPerStep.get(i);
			out.append("| ").append(step.step() + 1).append(" |");
			processes.forEach((process) -> {
				Double seconds = cpu.get(process);
				out.append(' ')
					.append((seconds == null || step.paid() == 0) ? "n/a"
							: String.format(Locale.ROOT, "%.1f", 1000 * seconds / step.paid()))
					.append(" |");
			});
			out.append('\n');
		}
		out.append(
				"\nWhere checkouts wait: the largest value scraped during each step (every 2 s), by application:\n\n");
		out.append(
				"| Step | Hikari pending | Hikari active | group-commit queued | outbox backlog | consumer lag (max) |\n");
		out.append("|---|---|---|---|---|---|\n");
		for (Checkouts.StepStats step : steps) {
			out.append("| ").append(step.step() + 1).append(" | ");
			out.append(peaks(samples, step, "hikaricp_connections_pending")).append(" | ");
			out.append(peaks(samples, step, "hikaricp_connections_active")).append(" | ");
			out.append(peaks(samples, step, "concord_groupcommit_queued")).append(" | ");
			out.append(peaks(samples, step, "concord_outbox_backlog")).append(" | ");
			out.append(peaks(samples, step, "kafka_consumer_fetch_manager_records_lag_max")).append(" |\n");
		}
		out.append("\nCPU measured for: ")
			.append(metrics.coverage())
			.append(". Machine CPU busy: all processes on the machine (2 cores), whoever runs them.\n");
		out.append(END).append('\n');
		replaceGenerated(settings.report(), out.toString());
		System.out.println("Capacity report written to " + settings.report());
	}

	// Not a process of its own: the machine as a whole, or a part of the applications'
	// CPU.
	private static boolean machine(String name) {
		return name.equals(StackMetrics.MACHINE_BUSY) || name.equals(StackMetrics.MACHINE_TOTAL)
				|| name.equals(StackMetrics.JIT);
	}

	private static void replaceGenerated(Path report, String generated) {
		try {
			String text = Files.exists(report) ? Files.readString(report)
					: "# Capacity\n\n" + BEGIN + "\n" + END + "\n";
			int begin = text.indexOf(BEGIN);
			int end = text.indexOf(END);
			String updated = (begin >= 0 && end > begin)
					? text.substring(0, begin) + generated + text.substring(end + END.length() + 1)
					: text + "\n" + generated;
			Files.createDirectories(report.toAbsolutePath().getParent());
			Files.writeString(report, updated);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Double> cpuDelta(List<StackMetrics.Sample> samples, long from, long to) {
		// The scrapes nearest to the step's edges, scaled to the step's length.
		StackMetrics.Sample first = null;
		StackMetrics.Sample last = null;
		for (StackMetrics.Sample sample : samples) {
			if (first == null || Math.abs(sample.atMillis() - from) < Math.abs(first.atMillis() - from)) {
				first = sample;
			}
			if (last == null || Math.abs(sample.atMillis() - to) < Math.abs(last.atMillis() - to)) {
				last = sample;
			}
		}
		Map<String, Double> delta = new java.util.LinkedHashMap<>();
		if (first == null || last == null || last.atMillis() <= first.atMillis()) {
			return delta;
		}
		double scale = (to - from) / (double) Math.max(1, last.atMillis() - first.atMillis());
		StackMetrics.Sample start = first;
		last.cpuSeconds().forEach((process, seconds) -> {
			Double before = start.cpuSeconds().get(process);
			if (before != null) {
				delta.put(process, (seconds - before) * scale);
			}
		});
		return delta;
	}

	private static String peaks(List<StackMetrics.Sample> samples, Checkouts.StepStats step, String metric) {
		Map<String, Double> peak = new java.util.TreeMap<>();
		for (StackMetrics.Sample sample : samples) {
			if (sample.atMillis() < step.fromMillis() || sample.atMillis() > step.toMillis()) {
				continue;
			}
			sample.gauges().forEach((application, values) -> {
				Double value = values.get(metric);
				if (value != null) {
					peak.merge(application.replace("-service", ""), value, Math::max);
				}
			});
		}
		List<String> shown = new ArrayList<>();
		peak.forEach((application, value) -> {
			if (value > 0) {
				shown.add(application + " " + number(value));
			}
		});
		return shown.isEmpty() ? (peak.isEmpty() ? "not exposed" : "0") : String.join(", ", shown);
	}

	private static String ms(long millis) {
		return (millis < 0) ? "n/a" : String.format(Locale.ROOT, "%,d ms", millis);
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

}
