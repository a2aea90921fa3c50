package io.concord.member.points;

import java.security.Principal;
import java.time.Duration;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.concord.member.audit.AuditLog;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "points",
		description = "Points balances and daily check-ins, ops corrections and rules, and points paying for orders.")
class PointsController {

	record Adjustment(
			@Schema(description = "points to add (positive) or take away (negative), never 0",
					example = "-500") @Min(-10_000_000) @Max(10_000_000) long points,
			@Schema(example = "goodwill correction: double-counted check-in") @NotBlank @Size(
					max = 500) String reason) {
	}

	private final PointsLedger ledger;

	private final Identities identities;

	private final PointsRules rules;

	private final PointsEarning earning;

	PointsController(PointsLedger ledger, PointsEarning earning, Identities identities, PointsRules rules) {
		this.rules = rules;
		this.earning = earning;
		this.ledger = ledger;
		this.identities = identities;
	}

	@Operation(operationId = "getMyPoints", summary = "Read my points", description = """
			The signed-in member's available balance, the points still pending (earned on delivered orders, \
			spendable once the return window has passed) and the ledger entries.

			Who may call: a signed-in member, for their own account.""")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased")
	@GetMapping("/api/members/me/points")
	PointsLedger.Balance myPoints(Principal principal) {
		return this.ledger.balance(signedIn(principal));
	}

	/**
	 * Gone (security review M10): a free-standing redemption trusted the client's order
	 * total. Points pay inside the order saga, against the payable fulfillment computed.
	 */
	@Operation(operationId = "redeemMyPoints", summary = "Redeem points (gone)", description = """
			Gone: always answers 410 points-redemption-moved. Points pay at checkout (POST /api/orders with \
			pointsToRedeem), against the payable the order flow computes.

			Who may call: a signed-in member (every call answers 410).""", deprecated = true)
	@ProblemResponse(status = 410, type = "points-redemption-moved", when = "always: points pay at checkout")
	@PostMapping("/api/members/me/points/redemptions")
	void redeem() {
		throw new ProblemException(HttpStatus.GONE, ProblemTypes.of("points-redemption-moved"),
				"Points redemption moved", "points pay at checkout: POST /api/orders with pointsToRedeem");
	}

	@Operation(operationId = "checkIn", summary = "Check in for today", description = """
			Records today's check-in (in the brand's time zone) and credits its points, with a bonus for each \
			day of an unbroken streak up to the configured cap. Answers 201 with the day, streak, points and \
			new balance.

			Who may call: a signed-in member, for their own account.""")
	@ApiResponse(responseCode = "201", description = "Checked in")
	@ProblemResponse(status = 409, type = "already-checked-in", when = "today's check-in is done")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased")
	@PostMapping("/api/members/me/check-ins")
	ResponseEntity<PointsEarning.CheckIn> checkIn(Principal principal) {
		return ResponseEntity.status(201).body(this.earning.checkIn(signedIn(principal)));
	}

	record ReviewReward(@Schema(example = "RV-20261111-000482") @NotBlank @Size(max = 100) String reviewId) {
	}

	/** The review system rewards a published review, once per review. */
	@Operation(operationId = "rewardReview", summary = "Reward a published review", description = """
			Credits the configured review points for a published product review, once per review id: 201 when \
			granted, 200 with the unchanged balance when that review was rewarded before.

			Who may call: staff with role ops-manager (or admin), e.g. the review system's staff client.""")
	@ApiResponse(responseCode = "201", description = "The review was rewarded")
	@ApiResponse(responseCode = "200", description = "The review had been rewarded before; nothing changed")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id, or it was erased")
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

	@Operation(operationId = "getPointsRules", summary = "Read the points rules", description = """
			How points are earned (per currency unit spent, check-ins, reviews), what they are worth when \
			paying, the largest share of an order they may pay, and how long they stay valid.

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/members/config/points-rules")
	Rules rules() {
		return Rules.of(this.rules.current());
	}

	@Operation(operationId = "changePointsRules", summary = "Change the points rules", description = """
			Replaces the points rules (every field), effective on every replica within a second; the change is \
			audited under the staff token's subject.

			Who may call: staff with role admin (a change under /admin/members/config).""")
	@PutMapping("/admin/members/config/points-rules")
	Rules changeRules(@Valid @RequestBody Rules rules, Principal principal) {
		PointsProperties current = this.rules.current();
		return Rules.of(this.rules.change(new PointsProperties(rules.earnPerCurrencyUnit(),
				rules.pointsPerCurrencyUnit(), rules.maxOrderSharePercent(), Duration.ofDays(rules.returnWindowDays()),
				Duration.ofDays(rules.validityDays()), rules.checkInPoints(), rules.checkInStreakBonus(),
				rules.checkInStreakCap(), current.zone(), rules.reviewPoints()), AuditLog.actorOf(principal)));
	}

	@Operation(operationId = "getMemberPoints", summary = "Read a member's points", description = """
			Any member's balance, pending points and ledger entries (a merged id reads the survivor's).

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id, or it was erased")
	@GetMapping("/admin/members/{memberId}/points")
	PointsLedger.Balance points(@PathVariable UUID memberId) {
		return this.ledger.balance(member(memberId));
	}

	@Operation(operationId = "adjustMemberPoints", summary = "Correct a member's points", description = """
			Adds or takes away points with a reason, recorded in the ledger and the audit log under the staff \
			token's subject. The balance never goes negative.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id, or it was erased")
	@ProblemResponse(status = 422, type = "business-rule", when = "the adjustment is 0 points")
	@ProblemResponse(status = 422, type = "insufficient-points", when = "a negative adjustment exceeds the balance")
	@PostMapping("/admin/members/{memberId}/points/adjustments")
	PointsLedger.Balance adjust(@PathVariable UUID memberId, @Valid @RequestBody Adjustment adjustment,
			Principal principal) {
		if (adjustment.points() == 0) {
			throw new ProblemException.Unprocessable("An adjustment of 0 points changes nothing");
		}
		return this.ledger.adjust(member(memberId), adjustment.points(), adjustment.reason(),
				AuditLog.actorOf(principal));
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
