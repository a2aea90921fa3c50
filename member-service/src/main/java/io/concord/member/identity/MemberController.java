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
class MemberController {

	/**
	 * @param channel an open channel (APP, WEB by default) for anyone; a channel client's
	 * own channel, which it may leave out
	 * @param identities proven by their one-time codes, or by the calling channel client;
	 * the rest are kept as the member's unproven hints
	 */
	record RegisterMember(@NotBlank @Size(max = 100) String displayName, @Nullable Channel channel,
			@Size(max = 10) List<@Valid @NotNull IdentityClaim> identities) {

		List<IdentityClaim> claims() {
			return (this.identities != null) ? this.identities : List.of();
		}

	}

	record RequestCode(@NotNull IdentityType type, @NotNull @Size(min = 1, max = 254) String value) {
	}

	/**
	 * The registered (or resolved) member, and which proven identities could not be
	 * linked.
	 */
	record RegistrationResult(UUID id, String displayName, Channel registeredChannel, boolean created,
			List<MemberView.IdentityView> identities, List<String> notLinked) {
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
	@PostMapping("/verification-codes")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void requestVerificationCode(@Valid @RequestBody RequestCode request) {
		if (!request.type().verifiedByCode()) {
			throw new ProblemException.Unprocessable(request.type() + " is not verified by code");
		}
		NormalizedIdentity identity = this.identities.normalize(request.type(), null, request.value());
		this.codes.issue(CodePurpose.VERIFY_IDENTITY, this.identities.lookupHash(identity), identity.value());
	}

	@GetMapping("/me")
	MemberView me(Principal principal) {
		return this.registration.find(signedIn(principal));
	}

	@PostMapping("/me/identities")
	@IdempotencyKeyRequired
	MemberView link(Principal principal, @Valid @RequestBody IdentityClaim claim) {
		return this.linking.link(signedIn(principal), claim);
	}

	/**
	 * A member may read only themself (a merged id still reads the survivor); others get
	 * 404.
	 */
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
