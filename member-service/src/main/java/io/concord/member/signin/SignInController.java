package io.concord.member.signin;

import java.security.Principal;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.member.identity.Channel;
import io.concord.member.identity.IdentityType;
import io.concord.member.identity.MemberId;
import io.concord.member.identity.NormalizedIdentity;
import io.concord.platform.web.ProblemException;

import org.springframework.http.HttpStatus;
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
	 * @param grantType {@code password}, {@code one_time_code} or {@code refresh_token}
	 * @param identifier who signs in (password and one_time_code)
	 * @param password for {@code password}
	 * @param code for {@code one_time_code}
	 * @param refreshToken for {@code refresh_token}
	 * @param channel where the member signs in (password and one_time_code)
	 */
	record TokenRequest(@NotNull @Pattern(regexp = "password|one_time_code|refresh_token") String grantType,
			@Valid Identifier identifier, @Size(max = 200) String password, @Pattern(regexp = "\\d{6}") String code,
			@Size(max = 200) String refreshToken, Channel channel) {
	}

	record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, UUID memberId) {
	}

	record PasswordChange(@NotBlank @Size(min = 10, max = 200) String password) {
	}

	private final SignIn signIn;

	private final SigningKeys keys;

	SignInController(SignIn signIn, SigningKeys keys) {
		this.signIn = signIn;
		this.keys = keys;
	}

	@PostMapping("/api/auth/token")
	TokenResponse token(@Valid @RequestBody TokenRequest request) {
		TokenIssuer.Tokens tokens = switch (request.grantType()) {
			case "password" -> this.signIn.withPassword(identifier(request), required(request.password(), "password"),
					channel(request));
			case "one_time_code" ->
				this.signIn.withCode(identifier(request), required(request.code(), "code"), channel(request));
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

	@GetMapping("/api/auth/jwks")
	Map<String, Object> jwks() {
		return this.keys.publicKeys().toJSONObject(true);
	}

	@PutMapping("/api/members/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setPassword(Principal principal, @Valid @RequestBody PasswordChange change) {
		this.signIn.setPassword(new MemberId(UUID.fromString(principal.getName())), change.password());
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

	private static Channel channel(TokenRequest request) {
		return (request.channel() != null) ? request.channel() : Channel.WEB;
	}

	private static String required(String value, String field) {
		if (value == null) {
			throw missing(field);
		}
		return value;
	}

	private static ProblemException missing(String field) {
		return new ProblemException(HttpStatus.BAD_REQUEST, io.concord.platform.web.ProblemTypes.VALIDATION,
				"Invalid request", field + " is required for this grant type")
			.with("errors", java.util.List.of(Map.of("field", field, "message", "is required for this grant type")));
	}

}
