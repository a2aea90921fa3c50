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
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "sign-in",
		description = "Sign in, refresh tokens and one-time sign-in codes; passwords; the token signing keys.")
class SignInController {

	record Identifier(@Schema(example = "PHONE") @NotNull IdentityType type,
			@Schema(description = "platform, app or marketplace, where the type needs one") @Size(
					max = 64) @Nullable String namespace,
			@Schema(example = "+8613800138000") @NotNull @Size(min = 1, max = 254) String value) {
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
	record TokenRequest(
			@Schema(example = "password") @NotNull @Pattern(
					regexp = "password|one_time_code|channel|refresh_token") String grantType,
			@Valid @Nullable Identifier identifier,
			@Schema(example = "correct-horse-battery") @Size(max = 200) @Nullable String password,
			@Schema(example = "482913") @Pattern(regexp = "\\d{6}") @Nullable String code,
			@Size(max = 200) @Nullable String refreshToken, @Schema(example = "WEB") @Nullable Channel channel) {
	}

	record TokenResponse(@Schema(
			example = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwYjdmNmYyZSJ9.c2lnbmF0dXJl") String accessToken,
			@Schema(example = "Bearer") String tokenType,
			@Schema(description = "seconds until the access token expires", example = "900") long expiresIn,
			@Schema(example = "kq3Yx8VfW2nZpL0aT7cR5uE1hJ9mB4sD6gQ2wN8yXk0") String refreshToken,
			@Schema(example = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10") UUID memberId) {
	}

	/**
	 * @param password the new password (10 characters or more, at most 72 bytes in UTF-8:
	 * BCrypt reads no further)
	 * @param currentPassword needed unless the session signed in within
	 * {@code recent-authentication}
	 */
	record PasswordChange(
			@Schema(example = "correct-horse-battery-staple") @NotBlank @Size(min = 10,
					max = 200) @MaxUtf8Bytes(SignIn.MAX_PASSWORD_BYTES) String password,
			@Schema(example = "correct-horse-battery") @Nullable @Size(max = 200) String currentPassword) {
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

	@Operation(operationId = "issueToken", summary = "Sign in or refresh a token", description = """
			Issues a member access token (and a refresh token) by grant type: password, one_time_code (the \
			code from POST /api/auth/one-time-codes), channel (a channel's backend vouches for an identity it \
			authenticated itself; the member must already hold it) or refresh_token (each refresh token works \
			once). The token is for one channel: an open one (WEB unless named) or the channel client's own.

			Who may call: anonymous, on an open channel (APP, WEB by default); a channel's backend with its \
			channel client token (staff-issuer role channel:<name>) for its own channel; the channel grant \
			needs that token.""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
					@ExampleObject(name = "password", summary = "Phone and password, on the web shop", value = """
							{"grantType": "password", "identifier": {"type": "PHONE", "value": "+8613800138000"},
							 "password": "correct-horse-battery", "channel": "WEB"}"""),
					@ExampleObject(name = "one_time_code", summary = "Phone and the SMS code, in the app", value = """
							{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "+8613800138000"},
							 "code": "482913", "channel": "APP"}"""),
					@ExampleObject(name = "channel", summary = "The mini-program's backend vouches for a WeChat user",
							value = """
									{"grantType": "channel", "identifier": {"type": "SOCIAL_OPEN_ID",
									 "namespace": "wechat:wx8a1b2c3d4e5f6a7b", "value": "oX9aB1cD2eF3gH4iJ5kL6mN7oP8q"}}"""),
					@ExampleObject(name = "refresh_token", summary = "A refresh token, used once",
							value = """
									{"grantType": "refresh_token", "refreshToken": "kq3Yx8VfW2nZpL0aT7cR5uE1hJ9mB4sD6gQ2wN8yXk0"}""") })))
	@ProblemResponse(status = 401, type = "invalid-grant",
			when = "wrong password or code, no member holds the identity, or the refresh token is invalid, expired or used")
	@ProblemResponse(status = 429, type = "sign-in-locked",
			when = "too many failed sign-ins for this identity; retryAfterSeconds says when to try again")
	@ProblemResponse(status = 403, type = "channel-not-permitted",
			when = "the channel is not open and the caller is not its channel client, a channel client names another channel or vouches for an identity type it may not, or the channel grant comes without a channel client token")
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

	@Operation(operationId = "requestSignInCode", summary = "Send a sign-in code", description = """
			Sends a one-time sign-in code to a member's phone (SMS) or e-mail address. Answers 202 whether or \
			not a member holds it (limits included), so the answer does not tell who is registered.

			Who may call: anonymous (anyone).""")
	@ApiResponse(responseCode = "202", description = "A code is on its way if a member holds the identity")
	@ProblemResponse(status = 422, type = "business-rule", when = "the identifier is not a PHONE or an EMAIL")
	@ProblemResponse(status = 429, type = "too-many-codes",
			when = "too many codes were requested within an hour for this identity, its number range or its foreign country code")
	@ProblemResponse(status = 503, type = "code-delivery-unavailable", when = "no SMS or e-mail provider is configured")
	@PostMapping("/api/auth/one-time-codes")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void requestCode(@Valid @RequestBody Identifier identifier) {
		this.signIn.requestCode(this.signIn.normalize(identifier.type(), identifier.namespace(), identifier.value()));
	}

	/** Public keys only; readers may cache them as long as member-service does. */
	@Operation(operationId = "getSigningKeys", summary = "Read the token signing keys", description = """
			The public keys (JWK set) member access tokens are signed with, for services and gateways that \
			verify them; cacheable (Cache-Control max-age) as long as member-service caches them.

			Who may call: anonymous (anyone).""")
	@GetMapping("/api/auth/jwks")
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(this.properties.jwksCacheTtl()).cachePublic())
			.body(this.keys.publicKeys().toJSONObject(true));
	}

	@Operation(operationId = "setMyPassword", summary = "Set my password", description = """
			Sets the signed-in member's password (10 characters or more, at most 72 bytes in UTF-8). Needs \
			currentPassword unless the session signed in within the last few minutes; every other session of \
			the member ends. Answers 204.

			Who may call: a signed-in member, for their own account.""")
	@ApiResponse(responseCode = "204", description = "The password is set")
	@ProblemResponse(status = 403, type = "reauthentication-required",
			when = "currentPassword is wrong, or missing and the session did not sign in within the last few minutes")
	@ProblemResponse(status = 429, type = "sign-in-locked",
			when = "too many wrong current passwords; retryAfterSeconds given")
	@PutMapping("/api/members/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setPassword(@AuthenticationPrincipal Jwt token, @Valid @RequestBody PasswordChange change) {
		Instant authTime = token.hasClaim("auth_time") ? token.getClaimAsInstant("auth_time") : null;
		String sid = token.getClaimAsString("sid");
		this.signIn.changePassword(new MemberId(UUID.fromString(token.getSubject())), change.password(),
				change.currentPassword(), authTime, (sid != null) ? UUID.fromString(sid) : null);
	}

	@Operation(operationId = "rotateSigningKey", summary = "Rotate the token signing key", description = """
			Makes a new signing key active and answers its key id; tokens signed with the previous keys stay \
			valid until they expire (their public keys stay in the JWKS).

			Who may call: staff with role admin (a change under /admin/members/config).""")
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
