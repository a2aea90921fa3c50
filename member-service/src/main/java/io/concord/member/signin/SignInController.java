package io.concord.member.signin;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.member.identity.Channel;
import io.concord.member.identity.ChannelClient;
import io.concord.member.identity.ChannelClients;
import io.concord.member.identity.IdentityType;
import io.concord.member.identity.MemberId;
import io.concord.member.identity.NormalizedIdentity;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Token endpoint, sign-in codes, JWKS, passwords and key rotation. */
@RestController
class SignInController {

	record Identifier(@NotNull IdentityType type, @Size(max = 64) String namespace,
			@NotNull @Size(min = 1, max = 254) String value) {
	}

	/**
	 * @param grantType {@code password}, {@code one_time_code}, {@code channel} (a
	 * channel client's token vouches for the identifier) or {@code refresh_token}
	 * @param identifier who signs in (all but refresh_token)
	 * @param password for {@code password}
	 * @param code for {@code one_time_code}
	 * @param refreshToken for {@code refresh_token}
	 * @param channel where the member signs in: an open channel (default WEB), or a
	 * channel client's own, which it may leave out
	 */
	record TokenRequest(@NotNull @Pattern(regexp = "password|one_time_code|channel|refresh_token") String grantType,
			@Valid Identifier identifier, @Size(max = 200) String password, @Pattern(regexp = "\\d{6}") String code,
			@Size(max = 200) String refreshToken, Channel channel) {
	}

	record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, UUID memberId) {
	}

	/**
	 * @param password the new password (10 characters or more, at most 72 bytes in UTF-8:
	 * BCrypt reads no further)
	 * @param currentPassword needed unless the session signed in within
	 * {@code recent-authentication}
	 */
	record PasswordChange(@NotBlank @Size(min = 10, max = 200) @MaxUtf8Bytes(SignIn.MAX_PASSWORD_BYTES) String password,
			@Nullable @Size(max = 200) String currentPassword) {
	}

	private final SignIn signIn;

	private final SigningKeys keys;

	private final ChannelClients channelClients;

	private final SignInProperties properties;

	SignInController(SignIn signIn, SigningKeys keys, ChannelClients channelClients, SignInProperties properties) {
		this.signIn = signIn;
		this.keys = keys;
		this.channelClients = channelClients;
		this.properties = properties;
	}

	@PostMapping("/api/auth/token")
	TokenResponse token(@Valid @RequestBody TokenRequest request, @Nullable Principal principal) {
		Optional<ChannelClient> client = this.channelClients.calling(principal);
		TokenIssuer.Tokens tokens = switch (request.grantType()) {
			case "password" -> this.signIn.withPassword(identifier(request), required(request.password(), "password"),
					channel(client, request));
			case "one_time_code" ->
				this.signIn.withCode(identifier(request), required(request.code(), "code"), channel(client, request));
			case "channel" -> {
				ChannelClient vouching = this.channelClients.required(client, "The channel grant");
				this.channelClients.channelFor(client, request.channel());
				yield this.signIn.withChannel(vouching, identifier(request));
			}
			default -> this.signIn.refresh(required(request.refreshToken(), "refreshToken"));
		};
		return new TokenResponse(tokens.accessToken(), "Bearer", tokens.expiresIn(), tokens.refreshToken(),
				tokens.memberId().value());
	}

	@PostMapping("/api/auth/one-time-codes")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void requestCode(@Valid @RequestBody Identifier identifier) {
		this.signIn.requestCode(this.signIn.normalize(identifier.type(), identifier.namespace(), identifier.value()));
	}

	/** Public keys only; readers may cache them as long as member-service does. */
	@GetMapping("/api/auth/jwks")
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(this.properties.jwksCacheTtl()).cachePublic())
			.body(this.keys.publicKeys().toJSONObject(true));
	}

	@PutMapping("/api/members/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setPassword(@AuthenticationPrincipal Jwt token, @Valid @RequestBody PasswordChange change) {
		Instant authTime = token.hasClaim("auth_time") ? token.getClaimAsInstant("auth_time") : null;
		String sid = token.getClaimAsString("sid");
		this.signIn.changePassword(new MemberId(UUID.fromString(token.getSubject())), change.password(),
				change.currentPassword(), authTime, (sid != null) ? UUID.fromString(sid) : null);
	}

	@PostMapping("/admin/members/config/signing-keys/rotation")
	Map<String, Object> rotate() {
		return Map.of("kid", this.keys.rotate().kid());
	}

	private NormalizedIdentity identifier(TokenRequest request) {
		Identifier identifier = request.identifier();
		if (identifier == null) {
			throw missing("identifier");
		}
		return this.signIn.normalize(identifier.type(), identifier.namespace(), identifier.value());
	}

	/** An anonymous caller signs in on an open channel (WEB unless named). */
	private Channel channel(Optional<ChannelClient> client, TokenRequest request) {
		Channel requested = (request.channel() == null && client.isEmpty()) ? Channel.WEB : request.channel();
		return this.channelClients.channelFor(client, requested);
	}

	private static String required(@Nullable String value, String field) {
		if (value == null) {
			throw missing(field);
		}
		return value;
	}

	private static ProblemException missing(String field) {
		return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
				field + " is required for this grant type")
			.with("errors", List.of(Map.of("field", field, "message", "is required for this grant type")));
	}

}
