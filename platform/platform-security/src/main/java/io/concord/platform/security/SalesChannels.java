package io.concord.platform.security;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;

/**
 * Which sales channel a request sells on. Ring-fences, channel routes and channel-only
 * prices follow it, so it comes from the caller's identity, not from what the request
 * says: a member sells on the channel their token was issued for (the {@code channel}
 * claim), and may name no other; a guest may name only an open channel
 * ({@code concord.security.open-channels}); staff and services, who sell nothing
 * themselves, may name any (a price preview, the order flow on a member's behalf).
 *
 * @param openChannels channels anyone may quote on without signing in
 */
@ConfigurationProperties("concord.security")
public record SalesChannels(@DefaultValue( {
		"APP", "WEB" }) Set<String> openChannels){

	/** The claim of a member token that names its channel. */
	public static final String CLAIM = "channel";

	static final URI NOT_PERMITTED = URI.create("https://concord.dev/problems/channel-not-permitted");

	private static final URI VALIDATION = URI.create("https://concord.dev/problems/validation");

	public SalesChannels {
		openChannels = Set.copyOf(openChannels);
	}

	/**
	 * The channel of this request: {@code requested} when the caller may sell on it, the
	 * member's own when nothing was requested.
	 * @throws ErrorResponseException 403 {@code channel-not-permitted} when the caller
	 * may not sell on the requested channel, 400 when a channel is needed and none was
	 * given
	 */
	public String resolve(@Nullable Authentication caller, @Nullable String requested) {
		String wanted = (requested != null && !requested.isBlank()) ? requested : null;
		if (isMember(caller)) {
			String own = ((JwtAuthenticationToken) caller).getToken().getClaimAsString(CLAIM);
			if (own != null && !own.isBlank()) {
				if (wanted != null && !wanted.equals(own)) {
					throw notPermitted("Signed in on " + own + ": this request cannot sell on " + wanted + ".");
				}
				return own;
			}
			// A member token without a channel is treated as a guest: open channels only.
			return open(wanted);
		}
		if (isSignedIn(caller)) {
			return required(wanted);
		}
		return open(wanted);
	}

	private String open(@Nullable String wanted) {
		String channel = required(wanted);
		if (!this.openChannels.contains(channel)) {
			throw notPermitted("The " + channel + " channel needs a member signed in on it; open channels are "
					+ this.openChannels.stream().sorted().toList() + ".");
		}
		return channel;
	}

	private static String required(@Nullable String wanted) {
		if (wanted == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The request has 1 invalid field(s).");
			problem.setType(VALIDATION);
			problem.setTitle("Invalid request");
			problem.setProperty("errors", List.of(Map.of("field", "channel", "message", "must not be blank")));
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		return wanted;
	}

	private static boolean isMember(@Nullable Authentication caller) {
		return caller instanceof JwtAuthenticationToken && caller.isAuthenticated()
				&& caller.getAuthorities()
					.stream()
					.anyMatch((authority) -> TokenAuthorities.MEMBER.equals(authority.getAuthority()));
	}

	private static boolean isSignedIn(@Nullable Authentication caller) {
		return caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
	}

	private static ErrorResponseException notPermitted(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
		problem.setType(NOT_PERMITTED);
		problem.setTitle("Channel not permitted");
		return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
	}

}
