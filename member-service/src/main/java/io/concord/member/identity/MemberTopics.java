package io.concord.member.identity;

/**
 * The topics member-service publishes: part of the public event API (docs/asyncapi.yaml).
 */
final class MemberTopics {

	public static final String EVENTS = "concord.member.events.v1";

	private MemberTopics() {
	}

}
