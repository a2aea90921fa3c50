package io.concord.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peak-sale dashboard only queries metrics the code registers: every
 * {@code concord_*} series in its expressions is a meter named in the sources.
 */
class DashboardTests {

	private static final Pattern SERIES = Pattern.compile("\\bconcord_[a-z0-9_]+");

	private static final Pattern METER_NAME = Pattern.compile("\"(concord\\.[a-z0-9_.]+)\"");

	@Test
	void everyConcordSeriesOnTheDashboardIsAMeterTheCodeRegisters() throws Exception {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(Manifests.ROOT.resolve("deploy/grafana/dashboards/concord-peak-sale.json")));
		Set<String> series = new LinkedHashSet<>();
		collect(dashboard, series);
		assertThat(series).as("the dashboard shows Concord's own metrics").isNotEmpty();
		Set<String> meters = new LinkedHashSet<>();
		try (Stream<Path> sources = Files.walk(Manifests.ROOT)) {
			for (Path source : sources
				.filter((p) -> p.toString().endsWith(".java") && p.toString().contains("src/main"))
				.toList()) {
				Matcher name = METER_NAME.matcher(Files.readString(source));
				while (name.find()) {
					meters.add(name.group(1).replace('.', '_'));
				}
			}
		}
		for (String name : series) {
			String base = name.replaceAll(
					"_(total|seconds_bucket|seconds_count|seconds_sum|seconds_max|seconds|bucket|count|sum|max)$", "");
			assertThat(meters).as("the code registers the meter behind " + name).contains(base);
		}
	}

	private static void collect(JsonNode node, Set<String> series) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				if (entry.getKey().equals("expr")) {
					Matcher matcher = SERIES.matcher(entry.getValue().asString());
					while (matcher.find()) {
						series.add(matcher.group());
					}
				}
				collect(entry.getValue(), series);
			});
		}
		else if (node.isArray()) {
			node.forEach((child) -> collect(child, series));
		}
	}

}
