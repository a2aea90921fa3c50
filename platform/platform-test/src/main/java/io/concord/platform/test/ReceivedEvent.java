package io.concord.platform.test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event as a partner system sees it on the topic: CloudEvents attributes from the
 * {@code ce_*} headers (binary content mode) and the JSON data.
 */
public record ReceivedEvent(String topic, String key, Map<String, String> attributes, byte[] payload) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public String id() {
		return this.attributes.get("id");
	}

	public String type() {
		return this.attributes.get("type");
	}

	public String subject() {
		return this.attributes.get("subject");
	}

	public String attribute(String name) {
		return this.attributes.get(name);
	}

	public JsonNode data() {
		return JSON.readTree(this.payload);
	}

	@Override
	public String toString() {
		return "ReceivedEvent[" + this.topic + " " + this.attributes + " "
				+ new String(this.payload, StandardCharsets.UTF_8) + "]";
	}

}
