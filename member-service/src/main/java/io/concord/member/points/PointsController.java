package io.concord.member.points;

import java.net.URI;
import java.security.Principal;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.ProblemException;

import org.springframework.beans.factory.annotation.Value;
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

	/**
	 * @param points how many points to spend
	 * @param orderId the order they pay towards, if any
	 * @param orderTotal the order's payable total, to enforce the maximum share points
	 * may pay
	 */
	record RedeemPoints(@Min(1) @Max(10_000_000) long points, @Size(max = 100) String orderId,
			@Valid Money orderTotal) {
	}

	record Adjustment(@Min(-10_000_000) @Max(10_000_000) long points, @NotBlank @Size(max = 500) String reason) {
	}

	private final PointsLedger ledger;

	private final Identities identities;

	private final String currency;

	private final PointsRules rules;

	PointsController(PointsLedger ledger, Identities identities,
			@Value("${concord.member.points.currency:CNY}") @Pattern(regexp = "[A-Z]{3}") String currency,
			PointsRules rules) {
		this.rules = rules;
		this.ledger = ledger;
		this.identities = identities;
		this.currency = currency;
	}

	@GetMapping("/api/members/me/points")
	PointsLedger.Balance myPoints(Principal principal) {
		return this.ledger.balance(signedIn(principal));
	}

	@PostMapping("/api/members/me/points/redemptions")
	@IdempotencyKeyRequired
	ResponseEntity<PointsLedger.Redemption> redeem(Principal principal, @Valid @RequestBody RedeemPoints request) {
		PointsLedger.Redemption redemption = this.ledger.redeem(signedIn(principal), request.points(),
				request.orderId(), request.orderTotal(), this.currency);
		return ResponseEntity.created(URI.create("/api/members/me/points/redemptions/" + redemption.redemptionId()))
			.body(redemption);
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
