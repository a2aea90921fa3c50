package io.concord.member.identity;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultRegion region for phone numbers given without a country code
 * @param resolutionPriority identity types that resolve an incoming registration to an
 * existing member, strongest first; only proven identities resolve (a phone or e-mail
 * with its one-time code, or an id the calling channel client vouches for)
 * @param maxPerType how many identities of a type one member may hold (guards against bad
 * merges, e.g. one member collecting a store's shared phone), and how many unproven hints
 * of a type it may state
 */
@ConfigurationProperties("concord.member.identity")
record IdentityProperties(@DefaultValue("CN") String defaultRegion, @DefaultValue( {
		"SOCIAL_UNION_ID", "PHONE", "EMAIL", "APP_ACCOUNT" }) List<IdentityType> resolutionPriority,
		@DefaultValue Map<IdentityType, Integer> maxPerType){

	int limitFor(IdentityType type) {
		return this.maxPerType.getOrDefault(type, switch (type) {
			case PHONE -> 2;
			case EMAIL -> 3;
			case SOCIAL_UNION_ID -> 3;
			default -> 10;
		});
	}

}
