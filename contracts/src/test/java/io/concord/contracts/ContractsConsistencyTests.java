package io.concord.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public event API stays coherent: every schema is a valid JSON Schema whose id
 * matches its place, every schema is documented in docs/asyncapi.yaml and every
 * documented payload exists, and every topic a service publishes is a documented channel.
 */
class ContractsConsistencyTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Path SCHEMAS = ROOT.resolve("contracts/schemas");

	private static final Pattern SCHEMA_NAME = Pattern.compile("([A-Z][A-Za-z]+)\\.v(\\d+)\\.schema\\.json");

	private final JsonMapper json = JsonMapper.builder().build();

	private final JsonNode asyncApi = new YAMLMapper().readTree(ROOT.resolve("docs/asyncapi.yaml").toFile());

	@Test
	void everySchemaIsValidAndIdentifiedByItsPath() throws IOException {
		List<Path> schemas = schemaFiles();
		assertThat(schemas).isNotEmpty();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		for (Path schema : schemas) {
			String relative = SCHEMAS.relativize(schema).toString();
			assertThat(SCHEMA_NAME.matcher(schema.getFileName().toString()).matches())
				.as("%s is named <EventName>.v<N>.schema.json", relative)
				.isTrue();
			JsonNode node = this.json.readTree(schema.toFile());
			assertThat(node.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
			assertThat(node.path("$id").asString()).isEqualTo("https://concord.dev/schemas/" + relative);
			assertThat(node.path("additionalProperties").asBoolean(true))
				.as("%s must list its fields (consumers rely on the contract)", relative)
				.isFalse();
			registry.getSchema(node); // throws on a schema that is not valid
		}
	}

	@Test
	void everySchemaIsDocumentedAndEveryDocumentedPayloadExists() throws IOException {
		Set<String> documented = new HashSet<>();
		this.asyncApi.path("components").path("messages").properties().forEach((entry) -> {
			JsonNode message = entry.getValue();
			String payload = message.path("payload").path("$ref").asString();
			Path schema = ROOT.resolve("docs").resolve(payload).normalize();
			assertThat(schema).as("payload of %s", entry.getKey()).isRegularFile();
			Matcher name = SCHEMA_NAME.matcher(schema.getFileName().toString());
			assertThat(name.matches()).isTrue();
			String domain = SCHEMAS.relativize(schema).getName(0).toString();
			assertThat(message.path("name").asString()).isEqualTo("concord." + domain + "." + name.group(1));
			documented.add(schema.toString());
		});
		assertThat(schemaFiles().stream().map(Path::toString).toList()).allMatch(documented::contains);
	}

	@Test
	void everyPublishedTopicIsADocumentedChannel() throws IOException {
		Set<String> channels = new HashSet<>();
		this.asyncApi.path("channels").forEach((channel) -> channels.add(channel.path("address").asString()));
		List<String> published = new ArrayList<>();
		Pattern publishes = Pattern.compile("^\\s+publishes:\\s*(\\S+)\\s*$", Pattern.MULTILINE);
		try (Stream<Path> configs = Files.list(ROOT)) {
			for (Path service : configs.filter((dir) -> dir.getFileName().toString().endsWith("-service")).toList()) {
				String yaml = Files.readString(service.resolve("src/main/resources/application.yml"));
				Matcher matcher = publishes.matcher(yaml);
				while (matcher.find()) {
					for (String topic : matcher.group(1).split(",")) {
						published.add(topic);
					}
				}
			}
		}
		assertThat(published).hasSizeGreaterThanOrEqualTo(4).allMatch(channels::contains);
		// A domain's events, or a topic for one kind of partner (ADR-2), versioned in the
		// name.
		assertThat(channels)
			.allMatch((address) -> address.matches("concord\\.[a-z]+\\.(events|[a-z]+(-[a-z]+)*)\\.v\\d+"));
	}

	private static List<Path> schemaFiles() throws IOException {
		try (Stream<Path> files = Files.walk(SCHEMAS)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

}
