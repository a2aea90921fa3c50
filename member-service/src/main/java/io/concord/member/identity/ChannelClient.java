package io.concord.member.identity;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.modulith.NamedInterface;

/**
 * A sales channel's backend that member-service trusts (mini-program, livestream,
 * marketplace, store POS, app backend): it authenticated its shopper itself, so an
 * identity it vouches for is proven, within the types and namespaces it is configured
 * for.
 *
 * @param name the client's name: its token carries role {@code channel:<name>}
 * @param channel the sales channel it is
 * @param vouchesFor identity types with namespace patterns (exact, prefix{@code *} or
 * {@code *})
 */
@NamedInterface("channels")
public record ChannelClient(String name, Channel channel, Map<IdentityType, List<String>> vouchesFor) {

	public ChannelClient {
		vouchesFor = Map.copyOf(vouchesFor);
	}

	/** Whether this client's word proves the identity. */
	public boolean mayVouchFor(NormalizedIdentity identity) {
		return this.vouchesFor.getOrDefault(identity.type(), List.of())
			.stream()
			.map((pattern) -> pattern.strip().toLowerCase(Locale.ROOT))
			.anyMatch((pattern) -> pattern.endsWith("*")
					? identity.namespace().startsWith(pattern.substring(0, pattern.length() - 1))
					: identity.namespace().equals(pattern));
	}

}
