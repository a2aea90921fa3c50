package io.concord.member.tiers;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.concord.member.audit.AuditLog;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Tiers for shoppers (their own, and what each gives) and for ops (configuration). */
@RestController
@Tag(name = "tiers", description = "Membership tiers: what each gives, a member's own tier, and their configuration.")
class TiersController {

	record TierRule(
			@Schema(description = "spend (minor units) within the qualifying period to reach the tier",
					example = "500000") @Min(0) long minSpendMinor,
			@Schema(example = "5") @Min(0) @Max(100_000) int minOrders,
			@Schema(example = "5.00") @NotNull @DecimalMin("0") @DecimalMax("99.99") BigDecimal discountPercent,
			@Schema(example = "true") boolean freeShipping, @Schema(example = "false") boolean earlyAccess,
			@Schema(example = "1.5") @NotNull @DecimalMin("1") @DecimalMax("10") BigDecimal pointsMultiplier,
			@Schema(example = "2000") @Min(0) @Max(1_000_000) long birthdayGiftPoints) {
	}

	record GrantRequest(@Schema(example = "GOLD") @NotNull Tier tier,
			@Schema(description = "when the grant ends (the member's earned tier then applies)",
					example = "2027-03-31T16:00:00Z") @NotNull @Future Instant until,
			@Schema(example = "status match from the Tmall 88VIP programme") @NotBlank @Size(max = 200) String reason) {
	}

	private final Tiers tiers;

	private final Identities identities;

	TiersController(Tiers tiers, Identities identities) {
		this.tiers = tiers;
		this.identities = identities;
	}

	@Operation(operationId = "listTiers", summary = "List the tiers and their benefits", description = """
			Every tier, lowest first (BRONZE to DIAMOND), with what it takes to reach it and what it gives: \
			discount, free shipping, early access, points multiplier, birthday gift.

			Who may call: anonymous (anyone).""")
	@GetMapping("/api/members/tiers")
	List<TierBenefits> benefits() {
		return this.tiers.rules();
	}

	@Operation(operationId = "getMyTier", summary = "Read my tier", description = """
			The signed-in member's tier, since when, the spend and orders it was evaluated on, and its \
			benefits.

			Who may call: a signed-in member, for their own account.""")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased")
	@GetMapping("/api/members/me/tier")
	Tiers.MemberTier myTier(Principal principal) {
		return this.tiers.current(this.identities.survivorOf(new MemberId(UUID.fromString(principal.getName()))));
	}

	@Operation(operationId = "configureTier", summary = "Configure a tier", description = """
			Replaces a tier's thresholds and benefits; the change is audited under the staff token's subject \
			and applies from the next tier evaluation.

			Who may call: staff with role admin (a change under /admin/members/config).""")
	@ProblemResponse(status = 422, type = "business-rule",
			when = "BRONZE's minimums are not 0, or the minimums do not lie between the tiers below and above")
	@PutMapping("/admin/members/config/tiers/{tier}")
	TierBenefits configure(@PathVariable Tier tier, @Valid @RequestBody TierRule rule, Principal principal) {
		return this.tiers.configure(
				new TierBenefits(tier, rule.minSpendMinor(), rule.minOrders(), rule.discountPercent(),
						rule.freeShipping(), rule.earlyAccess(), rule.pointsMultiplier(), rule.birthdayGiftPoints()),
				AuditLog.actorOf(principal));
	}

	/** A member's tier for ops: what applies now, and the grant behind it if any. */
	record StaffTierView(Tiers.MemberTier current, Tiers.@Nullable TierGrant grant) {
	}

	@Operation(operationId = "getMemberTier", summary = "Read a member's tier", description = """
			Any member's tier, since when, the spend and orders it was evaluated on, its benefits, and the tier \
			grant in force (tier, until, reason, by whom) if ops granted one (a merged id reads the survivor's).

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id")
	@GetMapping("/admin/members/{memberId}/tier")
	StaffTierView tierOf(@PathVariable UUID memberId) {
		MemberId member = member(memberId);
		return new StaffTierView(this.tiers.current(member), this.tiers.grantOf(member));
	}

	@Operation(operationId = "grantTier", summary = "Grant a member a tier for a while", description = """
			Lifts the member to the tier until the given time (a status match, a VIP, an apology): their tier is \
			the higher of what they qualify for and the grant, applied at once (TierChanged, so checkout prices \
			it from the next quote) and audited under the staff token's subject. A new grant replaces the old.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id")
	@PutMapping("/admin/members/{memberId}/tier-grant")
	Tiers.MemberTier grant(@PathVariable UUID memberId, @Valid @RequestBody GrantRequest request, Principal caller) {
		return this.tiers.grant(member(memberId), request.tier(), request.until(), request.reason(),
				"staff:" + caller.getName());
	}

	@Operation(operationId = "revokeTierGrant", summary = "End a member's tier grant", description = """
			Ends the grant now and re-evaluates the member's tier (audited). Answers the tier.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id")
	@DeleteMapping("/admin/members/{memberId}/tier-grant")
	Tiers.MemberTier revoke(@PathVariable UUID memberId, Principal caller) {
		return this.tiers.revokeGrant(member(memberId), "staff:" + caller.getName());
	}

	private MemberId member(UUID memberId) {
		if (!this.identities.exists(memberId)) {
			throw new ProblemException.NotFound("Member", memberId);
		}
		return this.identities.survivorOf(new MemberId(memberId));
	}

}
