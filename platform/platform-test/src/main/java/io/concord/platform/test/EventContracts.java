package io.concord.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Checks a published event against the public contract: the CloudEvents attributes every
 * Concord event carries, and its data against the JSON Schema its {@code dataschema}
 * names (packaged by the event-contracts module).
 */
public final class EventContracts {

	public static final String SCHEMA_BASE = "https://concord.dev/schemas/";

	private static final List<String> REQUIRED_ATTRIBUTES = List.of("specversion", "id", "type", "source", "time",
			"subject", "dataschema", "datacontenttype", "aggregateversion", "schemaversion");

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

	private EventContracts() {
	}

	/** Throws {@link AssertionError} naming every way the event breaks its contract. */
	public static void assertConforms(ReceivedEvent event) {
		List<String> missing = REQUIRED_ATTRIBUTES.stream()
			.filter((name) -> event.attribute(name) == null || event.attribute(name).isBlank())
			.toList();
		if (!missing.isEmpty()) {
			throw new AssertionError("Event lacks CloudEvents attributes " + missing + ": " + event);
		}
		if (!event.subject().equals(event.key())) {
			throw new AssertionError("Event must be keyed by its aggregate id (subject): " + event);
		}
		String dataSchema = event.attribute("dataschema");
		String expectedSuffix = "." + "v" + event.attribute("schemaversion") + ".schema.json";
		if (!dataSchema.startsWith(SCHEMA_BASE) || !dataSchema.endsWith(expectedSuffix)) {
			throw new AssertionError("dataschema " + dataSchema + " does not name a Concord schema of version "
					+ event.attribute("schemaversion"));
		}
		List<Error> errors = schema(dataSchema).validate(event.data());
		if (!errors.isEmpty()) {
			throw new AssertionError("Event data breaks " + dataSchema + ": "
					+ errors.stream().map(Error::toString).toList() + " in " + event);
		}
	}

	static Schema schema(String dataSchema) {
		return SCHEMAS.computeIfAbsent(dataSchema, (uri) -> {
			String resource = "concord-schemas/" + uri.substring(SCHEMA_BASE.length());
			try (InputStream in = EventContracts.class.getClassLoader().getResourceAsStream(resource)) {
				if (in == null) {
					throw new AssertionError("No schema in the event contracts for " + uri);
				}
				return REGISTRY.getSchema(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}
