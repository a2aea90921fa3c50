package io.concord.member.identity;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.concord.member.verification.CodePurpose;
import io.concord.member.verification.OneTimeCodes;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Storefront API: register from any channel, see and extend one's own member. */
@RestController
@RequestMapping("/api/members")
@Tag(name = "members",
		description = "Register members, read and extend one's own member, and resolve or merge members for ops.")
class MemberController {

	/**
	 * @param channel an open channel (APP, WEB by default) for anyone; a channel client's
	 * own channel, which it may leave out
	 * @param identities proven by their one-time codes, or by the calling channel client;
	 * the rest are kept as the member's unproven hints
	 */
	record RegisterMember(@Schema(example = "Li Wei") @NotBlank @Size(max = 100) String displayName,
			@Schema(example = "APP") @Nullable Channel channel,
			@Size(max = 10) @Nullable List<@Valid @NotNull IdentityClaim> identities) {

		List<IdentityClaim> claims() {
			return (this.identities != null) ? this.identities : List.of();
		}

	}

	record RequestCode(@Schema(example = "PHONE") @NotNull IdentityType type,
			@Schema(example = "+8613800138000") @NotNull @Size(min = 1, max = 254) String value) {
	}

	/**
	 * The registered (or resolved) member, and which proven identities could not be
	 * linked.
	 */
	record RegistrationResult(@Schema(example = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10") UUID id,
			@Schema(example = "Li Wei") String displayName, @Schema(example = "APP") Channel registeredChannel,
			@Schema(description = "true when a new member was registered, false when a proven identity resolved to an existing one",
					example = "true") boolean created,
			List<MemberView.IdentityView> identities,
			@Schema(description = "proven identities that could not be linked (held by another member, or over the limit)") List<String> notLinked) {
	}

	private final MemberRegistration registration;

	private final IdentityLinking linking;

	private final Identities identities;

	private final OneTimeCodes codes;

	private final ChannelClients channelClients;

	MemberController(MemberRegistration registration, IdentityLinking linking, Identities identities,
			OneTimeCodes codes, ChannelClients channelClients) {
		this.channelClients = channelClients;
		this.registration = registration;
		this.linking = linking;
		this.identities = identities;
		this.codes = codes;
	}

	/**
	 * Registers, or resolves to the member already holding a proven identity: 201 with a
	 * new member, 200 with the existing one. Anonymous callers register on an open
	 * channel; a channel's backend calls with its channel client token.
	 */
	@Operation(operationId = "registerMember", summary = "Register a member", description = """
			Registers a member, or resolves to the member already holding one of the proven identities: \
			201 with a new member, 200 with the existing one. A phone or e-mail is proven by the one-time code \
			from POST /api/members/verification-codes; identities a channel client vouches for are proven by \
			its token; anything else is kept as an unproven hint. Needs an Idempotency-Key.

			Who may call: anonymous, on an open channel (APP, WEB by default); a channel's backend with its \
			channel client token (staff-issuer role channel:<name>), for its own channel only.""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
					@ExampleObject(name = "app-with-phone", summary = "From the app, with a phone proven by its code",
							value = """
									{"displayName": "Li Wei", "channel": "APP", "identities": [
									  {"type": "PHONE", "value": "+8613800138000", "verificationCode": "482913"}]}"""),
					@ExampleObject(name = "mini-program",
							summary = "From the mini-program's backend (channel client token)",
							value = """
									{"displayName": "Wang Fang", "identities": [
									  {"type": "SOCIAL_OPEN_ID", "namespace": "wechat:wx8a1b2c3d4e5f6a7b", "value": "oX9aB1cD2eF3gH4iJ5kL6mN7oP8q"},
									  {"type": "SOCIAL_UNION_ID", "namespace": "wechat", "value": "uQ1wE2rT3yU4iO5pA6sD7fG8hJ9k"}]}""") })),
			responses = { @ApiResponse(responseCode = "201", description = "A new member was registered"),
					@ApiResponse(responseCode = "200",
							description = "A proven identity resolved to an existing member") })
	@ProblemResponse(status = 403, type = "channel-not-permitted",
			when = "the channel is not open and the caller is not its channel client, or a channel client names another channel than its own")
	@ProblemResponse(status = 422, type = "invalid-verification-code",
			when = "the one-time code of a phone or e-mail claim is wrong or expired")
	@PostMapping
	@IdempotencyKeyRequired
	ResponseEntity<RegistrationResult> register(@Valid @RequestBody RegisterMember request,
			@Nullable Principal principal) {
		Optional<ChannelClient> client = this.channelClients.calling(principal);
		Channel channel = this.channelClients.channelFor(client, request.channel());
		MemberRegistration.Registration result = this.registration.register(request.displayName(), channel,
				request.claims(), client);
		MemberView member = result.member();
		RegistrationResult body = new RegistrationResult(member.id(), member.displayName(), member.registeredChannel(),
				result.created(), member.identities(), result.notLinked());
		return result.created() ? ResponseEntity.created(URI.create("/api/members/" + member.id())).body(body)
				: ResponseEntity.ok(body);
	}

	/**
	 * Sends a one-time code proving a phone or e-mail address, for registering or linking
	 * it.
	 */
	@Operation(operationId = "requestVerificationCode", summary = "Send a verification code", description = """
			Sends a one-time code to a phone (SMS) or e-mail address, to prove it when registering or linking \
			it. Answers 202 with no body.

			Who may call: anonymous (anyone).""")
	@ApiResponse(responseCode = "202", description = "The code is on its way")
	@ProblemResponse(status = 422, type = "business-rule",
			when = "the identity type is not verified by code (only PHONE and EMAIL are)")
	@ProblemResponse(status = 429, type = "too-many-codes",
			when = "too many codes were requested within an hour for this identity, its number range or its foreign country code")
	@ProblemResponse(status = 503, type = "code-delivery-unavailable", when = "no SMS or e-mail provider is configured")
	@PostMapping("/verification-codes")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void requestVerificationCode(@Valid @RequestBody RequestCode request) {
		if (!request.type().verifiedByCode()) {
			throw new ProblemException.Unprocessable(request.type() + " is not verified by code");
		}
		NormalizedIdentity identity = this.identities.normalize(request.type(), null, request.value());
		this.codes.issue(CodePurpose.VERIFY_IDENTITY, this.identities.lookupHash(identity), identity.value());
	}

	@Operation(operationId = "getMyMember", summary = "Read my member", description = """
			The signed-in member with their identities (masked; proven ones first, then unproven hints). \
			A merged member's token reads the member it was merged into.

			Who may call: a signed-in member, for their own account.""")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased")
	@GetMapping("/me")
	MemberView me(Principal principal) {
		return this.registration.find(signedIn(principal));
	}

	@Operation(operationId = "linkMyIdentity", summary = "Link an identity to my member", description = """
			Links a phone or e-mail (with its one-time code) or another channel identity to the signed-in \
			member; without proof it is kept as an unproven hint. Proving a phone or e-mail that another member \
			proved too merges that member into this one. Needs an Idempotency-Key.

			Who may call: a signed-in member, for their own account.""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					examples = @ExampleObject(name = "email", summary = "An e-mail with its code", value = """
							{"type": "EMAIL", "value": "li.wei@example.com", "verificationCode": "193847"}"""))))
	@ProblemResponse(status = 422, type = "verification-required",
			when = "a phone or e-mail comes without its one-time code")
	@ProblemResponse(status = 422, type = "invalid-verification-code", when = "the one-time code is wrong or expired")
	@ProblemResponse(status = 409, type = "identity-taken",
			when = "a proven identity (not a phone or e-mail) belongs to another member")
	@ProblemResponse(status = 422, type = "identity-limit",
			when = "the member holds as many identities of that type as allowed")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased")
	@PostMapping("/me/identities")
	@IdempotencyKeyRequired
	MemberView link(Principal principal, @Valid @RequestBody IdentityClaim claim) {
		return this.linking.link(signedIn(principal), claim);
	}

	/**
	 * A member may read only themself (a merged id still reads the survivor); others get
	 * 404.
	 */
	@Operation(operationId = "getMember", summary = "Read a member by id", description = """
			The member with this id, as GET /api/members/me shows it; a merged id reads the member it was \
			merged into.

			Who may call: a signed-in member, for their own id (or an id merged into theirs) only; any other \
			id answers 404.""")
	@ProblemResponse(status = 404, type = "not-found", when = "no such member, or it is not the caller's")
	@GetMapping("/{memberId}")
	MemberView find(@PathVariable UUID memberId, Principal principal) {
		MemberId requested = new MemberId(memberId);
		if (!this.identities.exists(memberId)
				|| !this.identities.survivorOf(requested).equals(this.identities.survivorOf(signedIn(principal)))) {
			throw new ProblemException.NotFound("Member", memberId);
		}
		return this.registration.find(requested);
	}

	static MemberId signedIn(Principal principal) {
		return new MemberId(UUID.fromString(principal.getName()));
	}

}
