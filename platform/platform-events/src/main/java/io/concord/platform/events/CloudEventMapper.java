package io.concord.platform.events;

import java.net.URI;
import java.time.ZoneOffset;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Turns an integration event into the CloudEvent that goes on the wire. */
class CloudEventMapper {

	static final String SCHEMA_BASE = "https://concord.dev/schemas/";

	static final String AGGREGATE_VERSION = "aggregateversion";

	static final String SCHEMA_VERSION = "schemaversion";

	/** The load-test run of a tagged (shadow) event; absent on real events. */
	static final String TEST_RUN = "testrun";

	private final JsonMapper json;

	private final URI source;

	CloudEventMapper(JsonMapper json, String applicationName) {
		this.json = json;
		this.source = URI.create("/concord/" + applicationName);
	}

	static PublishedEvent contractOf(Object event) {
		PublishedEvent contract = event.getClass().getAnnotation(PublishedEvent.class);
		if (contract == null) {
			throw new IllegalStateException(event.getClass().getName() + " lacks @PublishedEvent");
		}
		return contract;
	}

	static URI dataSchema(PublishedEvent contract) {
		String[] parts = contract.type().split("\\.");
		if (parts.length != 3 || !parts[0].equals("concord")) {
			throw new IllegalStateException("Event type must read concord.<domain>.<Name>: " + contract.type());
		}
		return URI.create(SCHEMA_BASE + parts[1] + "/" + parts[2] + ".v" + contract.schemaVersion() + ".schema.json");
	}

	CloudEvent toCloudEvent(IntegrationEvent event) {
		PublishedEvent contract = contractOf(event);
		EventMetadata metadata = event.metadata();
		// The metadata travels as CloudEvents attributes; the data holds only the facts.
		ObjectNode data = this.json.valueToTree(event);
		data.remove("metadata");
		CloudEventBuilder builder = CloudEventBuilder.v1();
		if (metadata.testRun() != null) {
			builder.withExtension(TEST_RUN, metadata.testRun());
		}
		return builder.withId(metadata.eventId().toString())
			.withSource(this.source)
			.withType(contract.type())
			.withSubject(metadata.aggregateId())
			.withTime(metadata.occurredAt().atOffset(ZoneOffset.UTC))
			.withDataSchema(dataSchema(contract))
			.withDataContentType("application/json")
			.withExtension(AGGREGATE_VERSION, metadata.aggregateVersion())
			.withExtension(SCHEMA_VERSION, contract.schemaVersion())
			.withData(this.json.writeValueAsBytes(data))
			.build();
	}

}
