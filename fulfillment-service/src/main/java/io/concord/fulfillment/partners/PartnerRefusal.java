package io.concord.fulfillment.partners;

import tools.jackson.databind.JsonNode;

/**
 * A partner service answered with a definitive refusal (4xx problem details): the request
 * will not succeed by repeating it.
 */
public class PartnerRefusal extends RuntimeException {

	private final int status;

	private final JsonNode problem;

	PartnerRefusal(int status, JsonNode problem) {
		super(problem.path("detail").asString(problem.path("title").asString("refused")));
		this.status = status;
		this.problem = problem;
	}

	public int status() {
		return this.status;
	}

	/** The partner's problem details, as it sent them. */
	public JsonNode problem() {
		return this.problem;
	}

	/** What the partner said was wrong ({@code detail}), empty if it said nothing. */
	public String detail() {
		return this.problem.path("detail").asString("");
	}

	/** The last segment of the problem type, e.g. {@code insufficient-stock}. */
	public String type() {
		String type = this.problem.path("type").asString("");
		return type.substring(type.lastIndexOf('/') + 1);
	}

}
