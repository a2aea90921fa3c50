package io.concord.fulfillment.partners;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a partner's answer into the record the order flow owns for it. Lenient like the
 * partner contracts are: fields the record does not name are ignored (a partner may add
 * some), and an absent number or flag reads as 0 or false.
 */
final class PartnerAnswers {

	private final JsonMapper json;

	PartnerAnswers(JsonMapper json) {
		this.json = json.rebuild()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
	}

	<T> T read(JsonNode answer, Class<T> type) {
		return this.json.treeToValue(answer, type);
	}

}
