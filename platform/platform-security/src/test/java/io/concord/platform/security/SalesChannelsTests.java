package io.concord.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SalesChannelsTests {

	private final SalesChannels channels = new SalesChannels(Set.of("APP", "WEB"));

	@Test
	@DisplayName("M8: a member signed in on the app cannot name the livestream channel")
	void m8_aMemberCannotSellOnAnotherChannelThanTheirToken() {
		ErrorResponseException refused = assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> this.channels.resolve(member("APP"), "LIVESTREAM"))
			.actual();
		assertThat(refused.getStatusCode().value()).isEqualTo(403);
		assertThat(refused.getBody().getType()).hasToString("https://concord.dev/problems/channel-not-permitted");
		assertThat(this.channels.resolve(member("LIVESTREAM"), "LIVESTREAM")).isEqualTo("LIVESTREAM");
		assertThat(this.channels.resolve(member("APP"), "APP")).isEqualTo("APP");
	}

	@Test
	@DisplayName("M8: without a channel in the request, a member's token decides")
	void m8_noRequestedChannelTakesTheTokens() {
		assertThat(this.channels.resolve(member("LIVESTREAM"), null)).isEqualTo("LIVESTREAM");
		assertThat(this.channels.resolve(member("MINI_PROGRAM"), " ")).isEqualTo("MINI_PROGRAM");
	}

	@Test
	@DisplayName("M8: a guest (and a member token without a channel) may name only an open channel")
	void m8_guestsMayNameOnlyOpenChannels() {
		assertThat(this.channels.resolve(null, "WEB")).isEqualTo("WEB");
		assertThat(this.channels.resolve(anonymous(), "APP")).isEqualTo("APP");
		for (Authentication guest : new Authentication[] { null, anonymous(), member(null) }) {
			assertThat(assertThatExceptionOfType(ErrorResponseException.class)
				.isThrownBy(() -> this.channels.resolve(guest, "LIVESTREAM"))
				.actual()
				.getStatusCode()
				.value()).isEqualTo(403);
			assertThat(assertThatExceptionOfType(ErrorResponseException.class)
				.isThrownBy(() -> this.channels.resolve(guest, null))
				.actual()
				.getStatusCode()
				.value()).isEqualTo(400);
		}
	}

	@Test
	void staffAndServicesNameTheChannelTheyWorkFor() {
		assertThat(this.channels.resolve(staff("ops-viewer"), "LIVESTREAM")).isEqualTo("LIVESTREAM");
		assertThat(this.channels.resolve(staff("service:order-flow"), "STORE")).isEqualTo("STORE");
		assertThat(assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> this.channels.resolve(staff("ops-viewer"), null))
			.actual()
			.getStatusCode()
			.value()).isEqualTo(400);
	}

	private static Authentication member(String channel) {
		Jwt.Builder jwt = token("member-1");
		if (channel != null) {
			jwt.claim(SalesChannels.CLAIM, channel);
		}
		return TokenAuthorities.member().convert(jwt.build());
	}

	private static Authentication staff(String role) {
		return TokenAuthorities.staff(new TrustedIssuers.Issuer("i", null, null, "roles"))
			.convert(token("ops-1").claim("roles", List.of(role)).build());
	}

	private static Authentication anonymous() {
		return new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
	}

	private static Jwt.Builder token(String subject) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
	}

}
