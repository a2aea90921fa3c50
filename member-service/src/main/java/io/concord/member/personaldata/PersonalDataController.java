package io.concord.member.personaldata;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.member.points.PointsLedger;
import io.concord.member.tiers.Tiers;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/members/me/export} and {@code DELETE /api/members/me}. */
@RestController
@RequestMapping("/api/members/me")
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

	@GetMapping("/export")
	Export export(Principal principal) {
		MemberId member = this.identities.survivorOf(signedIn(principal));
		return new Export(this.clock.instant(), this.identities.export(member), this.tiers.current(member),
				this.points.balance(member));
	}

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
