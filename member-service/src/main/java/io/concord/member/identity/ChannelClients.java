package io.concord.member.identity;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.concord.platform.security.TokenAuthorities;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.modulith.NamedInterface;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who is calling on behalf of a channel. A caller is a channel client only with a
 * staff-issuer token carrying {@code channel:<name>} for a configured client; the channel
 * of what it does is the client's. Anyone else may only name an open channel: a field in
 * a request body proves nothing.
 */
@NamedInterface("channels")
@Component
@EnableConfigurationProperties(ChannelTrustProperties.class)
public class ChannelClients {

	static final String PROBLEM = "channel-not-permitted";

	private final Map<String, ChannelClient> clients;

	private final Set<Channel> openChannels;

	ChannelClients(ChannelTrustProperties properties) {
		Map<String, ChannelClient> clients = new LinkedHashMap<>();
		properties.channelClients().forEach((name, client) -> {
			if (client.channel() == null) {
				throw new IllegalStateException("concord.member.channel-clients." + name + ".channel is not set");
			}
			clients.put(name, new ChannelClient(name, client.channel(), client.vouchesFor()));
		});
		this.clients = Map.copyOf(clients);
		this.openChannels = Set.copyOf(properties.signIn().openChannels());
	}

	/**
	 * The channel client making the request, if the caller is one; 403 for a channel role
	 * member-service has no configuration for.
	 */
	public Optional<ChannelClient> calling(@Nullable Principal principal) {
		if (!(principal instanceof Authentication authentication)) {
			return Optional.empty();
		}
		List<String> names = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(TokenAuthorities.CHANNEL_AUTHORITY_PREFIX))
			.map((authority) -> authority.substring(TokenAuthorities.CHANNEL_AUTHORITY_PREFIX.length()))
			.distinct()
			.toList();
		if (names.isEmpty()) {
			return Optional.empty();
		}
		if (names.size() > 1) {
			throw notPermitted("A channel client's token carries exactly one channel role, not " + names.size() + ".");
		}
		ChannelClient client = this.clients.get(names.get(0));
		if (client == null) {
			throw notPermitted("The channel client " + names.get(0) + " is not configured at member-service.");
		}
		return Optional.of(client);
	}

	/**
	 * The channel the request acts on: a channel client's own (the body may only repeat
	 * it), or for anyone else the requested channel if it is open.
	 */
	public Channel channelFor(Optional<ChannelClient> client, @Nullable Channel requested) {
		if (client.isPresent()) {
			Channel own = client.get().channel();
			if (requested != null && requested != own) {
				throw notPermitted(
						"The channel client " + client.get().name() + " acts for " + own + ", not " + requested + ".");
			}
			return own;
		}
		if (requested == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
					"channel is required")
				.with("errors", List.of(Map.of("field", "channel", "message", "must not be null")));
		}
		if (!this.openChannels.contains(requested)) {
			throw notPermitted(requested + " is not an open channel: its members register and sign in through "
					+ "the channel's backend (a channel client token). Open channels: " + this.openChannels + ".");
		}
		return requested;
	}

	/** A channel client that is the only way to the request's effect. */
	public ChannelClient required(Optional<ChannelClient> client, String what) {
		return client.orElseThrow(() -> notPermitted(what + " needs a channel client's token (role channel:<name>)."));
	}

	public static ProblemException notPermitted(String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.of(PROBLEM), "Channel not permitted", detail);
	}

}
