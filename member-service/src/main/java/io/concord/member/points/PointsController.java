package io.concord.member.points;

import java.security.Principal;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A member's own points, and ops corrections. */
@RestController
class PointsController {

	record Adjustment(@Min(-10_000_000) @Max(10_000_000) long points, @NotBlank @Size(max = 500) String reason) {
	}

	private final PointsLedger ledger;

	private final Identities identities;

	private final PointsRules rules;

	PointsController(PointsLedger ledger, Identities identities, PointsRules rules) {
		this.rules = rules;
		this.ledger = ledger;
		this.identities = identities;
	}

	@GetMapping("/api/members/me/points")
	PointsLedger.Balance myPoints(Principal principal) {
		return this.ledger.balance(signedIn(principal));
	}

	/**
	 * Gone (security review M10): a free-standing redemption trusted the client's order
	 * total. Points pay inside the order saga, against the payable fulfillment computed.
	 */
	@PostMapping("/api/members/me/points/redemptions")
	void redeem() {
		throw new ProblemException(HttpStatus.GONE, ProblemTypes.of("points-redemption-moved"),
				"Points redemption moved", "points pay at checkout: POST /api/orders with pointsToRedeem");
	}

	@PostMapping("/api/members/me/check-ins")
	ResponseEntity<PointsLedger.CheckIn> checkIn(Principal principal) {
		return ResponseEntity.status(201).body(this.ledger.checkIn(signedIn(principal)));
	}

	record ReviewReward(@NotBlank @Size(max = 100) String reviewId) {
	}

	/** The review system rewards a published review, once per review. */
	@PostMapping("/admin/members/{memberId}/points/review-rewards")
	ResponseEntity<PointsLedger.Balance> rewardReview(@PathVariable UUID memberId,
			@Valid @RequestBody ReviewReward review) {
		MemberId member = member(memberId);
		boolean granted = this.ledger.grant(member, this.rules.current().reviewPoints(), "review", review.reviewId(),
				"product review");
		return ResponseEntity.status(granted ? 201 : 200).body(this.ledger.balance(member));
	}

	record Rules(@Min(0) @Max(1000) long earnPerCurrencyUnit, @Min(1) @Max(100_000) long pointsPerCurrencyUnit,
			@Min(0) @Max(100) int maxOrderSharePercent, @Min(0) @Max(90) int returnWindowDays,
			@Min(1) @Max(3650) int validityDays, @Min(0) @Max(10_000) long checkInPoints,
			@Min(0) @Max(10_000) long checkInStreakBonus, @Min(1) @Max(31) int checkInStreakCap,
			@Min(0) @Max(100_000) long reviewPoints) {

		static Rules of(PointsProperties rules) {
			return new Rules(rules.earnPerCurrencyUnit(), rules.pointsPerCurrencyUnit(), rules.maxOrderSharePercent(),
					(int) rules.returnWindow().toDays(), (int) rules.validity().toDays(), rules.checkInPoints(),
					rules.checkInStreakBonus(), rules.checkInStreakCap(), rules.reviewPoints());
		}

	}

	@GetMapping("/admin/members/config/points-rules")
	Rules rules() {
		return Rules.of(this.rules.current());
	}

	@PutMapping("/admin/members/config/points-rules")
	Rules changeRules(@Valid @RequestBody Rules rules, Principal principal) {
		PointsProperties current = this.rules.current();
		return Rules.of(this.rules.change(
				new PointsProperties(rules.earnPerCurrencyUnit(), rules.pointsPerCurrencyUnit(),
						rules.maxOrderSharePercent(), java.time.Duration.ofDays(rules.returnWindowDays()),
						java.time.Duration.ofDays(rules.validityDays()), rules.checkInPoints(),
						rules.checkInStreakBonus(), rules.checkInStreakCap(), current.zone(), rules.reviewPoints()),
				io.concord.member.audit.AuditLog.actorOf(principal)));
	}

	@GetMapping("/admin/members/{memberId}/points")
	PointsLedger.Balance points(@PathVariable UUID memberId) {
		return this.ledger.balance(member(memberId));
	}

	@PostMapping("/admin/members/{memberId}/points/adjustments")
	PointsLedger.Balance adjust(@PathVariable UUID memberId, @Valid @RequestBody Adjustment adjustment,
			Principal principal) {
		if (adjustment.points() == 0) {
			throw new ProblemException.Unprocessable("An adjustment of 0 points changes nothing");
		}
		return this.ledger.adjust(member(memberId), adjustment.points(), adjustment.reason(),
				io.concord.member.audit.AuditLog.actorOf(principal));
	}

	private MemberId signedIn(Principal principal) {
		return this.identities.survivorOf(new MemberId(UUID.fromString(principal.getName())));
	}

	private MemberId member(UUID memberId) {
		if (!this.identities.exists(memberId)) {
			throw new ProblemException.NotFound("Member", memberId);
		}
		return this.identities.survivorOf(new MemberId(memberId));
	}

}
