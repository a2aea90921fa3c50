package io.concord.contracts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What partners read on the AsyncAPI page stays true: every message shows an example
 * whose payload its schema accepts and whose headers are the CloudEvents attributes the
 * services set, and every channel names who may write and read it exactly as the Kafka
 * ACLs of the deployment grant it (k8s/base/kafka/users.yaml).
 */
class AsyncApiDocumentTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private final JsonMapper json = JsonMapper.builder().build();

	private final YAMLMapper yaml = new YAMLMapper();

	private final JsonNode asyncApi = this.yaml.readTree(ROOT.resolve("docs/asyncapi.yaml").toFile());

	@Test
	void everyMessageHasAnExampleItsSchemaAcceptsWithTheCloudEventsHeaders() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		JsonNode headerSchema = this.asyncApi.path("components").path("schemas").path("CloudEventHeaders");
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (Map.Entry<String, JsonNode> entry : this.asyncApi.path("components").path("messages").properties()) {
			JsonNode message = entry.getValue();
			JsonNode examples = message.path("examples");
			if (examples.isEmpty()) {
				problems.add(entry.getKey() + ": no example");
				continue;
			}
			String payloadRef = message.path("payload").path("$ref").asString();
			JsonNode schema = this.json.readTree(ROOT.resolve("docs").resolve(payloadRef).normalize().toFile());
			for (JsonNode example : examples) {
				checked++;
				for (Error error : registry.getSchema(schema).validate(example.path("payload"))) {
					problems.add(entry.getKey() + " payload: " + error);
				}
				JsonNode headers = example.path("headers");
				for (JsonNode required : headerSchema.path("required")) {
					if (!headers.has(required.asString())) {
						problems.add(entry.getKey() + " headers: no " + required.asString());
					}
				}
				if (!headers.path("ce_type").asString().equals(message.path("name").asString())) {
					problems.add(entry.getKey() + " headers: ce_type is not " + message.path("name").asString());
				}
				if (!headers.path("ce_dataschema").asString().equals(schema.path("$id").asString())) {
					problems.add(entry.getKey() + " headers: ce_dataschema is not the payload schema's $id");
				}
				if (headers.has("ce_testrun")) {
					problems.add(entry.getKey() + " headers: ce_testrun is never on the documented topics");
				}
			}
		}
		assertThat(problems).isEmpty();
		assertThat(checked).isGreaterThanOrEqualTo(40);
	}

	@Test
	void everyChannelNamesWhoMayWriteAndReadItAsTheKafkaAclsGrant() throws IOException {
		List<JsonNode> users = new ArrayList<>();
		try (var documents = this.yaml.readerFor(JsonNode.class)
			.readValues(ROOT.resolve("k8s/base/kafka/users.yaml").toFile())) {
			while (documents.hasNext()) {
				JsonNode document = (JsonNode) documents.next();
				if ("KafkaUser".equals(document.path("kind").asString())) {
					users.add(document);
				}
			}
		}
		assertThat(users).isNotEmpty();
		Map<String, String> mismatches = new TreeMap<>();
		for (Map.Entry<String, JsonNode> entry : this.asyncApi.path("channels").properties()) {
			String topic = entry.getValue().path("address").asString();
			JsonNode acl = entry.getValue().path("x-concord-acl");
			Map<String, TreeSet<String>> granted = Map.of("write", granted(users, topic, "Write"), "read",
					granted(users, topic, "Read"));
			for (String operation : List.of("write", "read")) {
				TreeSet<String> documented = new TreeSet<>();
				acl.path(operation).forEach((user) -> documented.add(user.asString()));
				if (!documented.equals(granted.get(operation))) {
					mismatches.put(entry.getKey() + " " + operation,
							"documented " + documented + ", granted " + granted.get(operation));
				}
				for (String user : granted.get(operation)) {
					if (!entry.getValue().path("description").asString().contains(user)) {
						mismatches.put(entry.getKey() + " description", "does not name " + user);
					}
				}
			}
		}
		assertThat(mismatches).isEmpty();
	}

	private static TreeSet<String> granted(List<JsonNode> users, String topic, String operation) {
		TreeSet<String> names = new TreeSet<>();
		for (JsonNode user : users) {
			for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
				JsonNode resource = acl.path("resource");
				String name = resource.path("name").asString();
				boolean matches = "topic".equals(resource.path("type").asString())
						&& ("prefix".equals(resource.path("patternType").asString()) ? topic.startsWith(name)
								: topic.equals(name));
				boolean allowed = false;
				for (JsonNode granted : acl.path("operations")) {
					allowed |= granted.asString().equals(operation) || granted.asString().equals("All");
				}
				if (matches && allowed) {
					names.add(user.path("metadata").path("name").asString());
				}
			}
		}
		return names;
	}

}
