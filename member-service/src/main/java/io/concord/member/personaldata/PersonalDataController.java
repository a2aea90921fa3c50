package io.concord.member.personaldata;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.member.points.PointsLedger;
import io.concord.member.tiers.Tiers;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/members/me/export} and {@code DELETE /api/members/me}. */
@RestController
@RequestMapping("/api/members/me")
@Tag(name = "privacy",
		description = "A member's own data export and erasure, and re-encryption of the personal data stored.")
class PersonalDataController {

	/** Everything member-service holds about the member, identities in clear. */
	record Export(Instant exportedAt, Identities.ExportedMember member, Tiers.MemberTier tier,
			PointsLedger.Balance points) {
	}

	private final Identities identities;

	private final PointsLedger points;

	private final Tiers tiers;

	private final Clock clock;

	PersonalDataController(Identities identities, PointsLedger points, Tiers tiers, Clock clock) {
		this.identities = identities;
		this.points = points;
		this.tiers = tiers;
		this.clock = clock;
	}

	@Operation(operationId = "exportMyPersonalData", summary = "Export my personal data", description = """
			Everything member-service holds about the signed-in member (identities in clear, tier, points), \
			as the right of access asks.

			Who may call: a signed-in member, for their own account.""")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased")
	@GetMapping("/export")
	Export export(Principal principal) {
		MemberId member = this.identities.survivorOf(signedIn(principal));
		return new Export(this.clock.instant(), this.identities.export(member), this.tiers.current(member),
				this.points.balance(member));
	}

	@Operation(operationId = "eraseMyMember", summary = "Erase my member", description = """
			Erases the signed-in member: identities and hints deleted (the phone or e-mail may register again), \
			name forgotten, every session revoked; the id stays so ledgers and order history keep their \
			totals, and the other services drop their personal data. Answers 204.

			Who may call: a signed-in member, for their own account.""")
	@ApiResponse(responseCode = "204", description = "The member is erased")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased already")
	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void erase(Principal principal) {
		MemberId member = signedIn(principal);
		this.identities.erase(member, "member:" + member, this.clock.instant());
	}

	private static MemberId signedIn(Principal principal) {
		return new MemberId(UUID.fromString(principal.getName()));
	}

}
