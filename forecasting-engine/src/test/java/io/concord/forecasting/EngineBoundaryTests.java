package io.concord.forecasting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine stays plain Java: the service, the lab and the benchmarks all use it, and
 * the lab and the benchmarks run it without any application context. ArchUnit is not in
 * the parent build, so this reads the sources (imports and fully qualified names alike).
 */
class EngineBoundaryTests {

	private static final Path SOURCES = Path.of("src/main/java/io/concord/forecasting");

	@Test
	void noEngineSourceMentionsSpring() throws IOException {
		List<Path> sources;
		try (Stream<Path> files = Files.walk(SOURCES)) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
		assertThat(sources).as("the engine's sources").hasSizeGreaterThanOrEqualTo(12);
		assertThat(sources).allSatisfy(
				(file) -> assertThat(Files.readString(file)).as(file.toString()).doesNotContain("org.springframework"));
	}

	@Test
	void springIsNotOnTheEngineClasspath() {
		// Were Spring a dependency (even a test one), a stray import would compile.
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.core.SpringVersion"));
	}

}
