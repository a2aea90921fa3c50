package io.concord.member.tiers;

import java.math.BigDecimal;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Tiers for shoppers (their own, and what each gives) and for ops (configuration). */
@RestController
class TiersController {

	record TierRule(@Min(0) long minSpendMinor, @Min(0) @Max(100_000) int minOrders,
			@NotNull @DecimalMin("0") @DecimalMax("99.99") BigDecimal discountPercent, boolean freeShipping,
			boolean earlyAccess, @NotNull @DecimalMin("1") @DecimalMax("10") BigDecimal pointsMultiplier,
			@Min(0) @Max(1_000_000) long birthdayGiftPoints) {
	}

	private final Tiers tiers;

	private final Identities identities;

	TiersController(Tiers tiers, Identities identities) {
		this.tiers = tiers;
		this.identities = identities;
	}

	@GetMapping("/api/members/tiers")
	List<TierBenefits> benefits() {
		return this.tiers.rules();
	}

	@GetMapping("/api/members/me/tier")
	Tiers.MemberTier myTier(Principal principal) {
		return this.tiers.current(this.identities.survivorOf(new MemberId(UUID.fromString(principal.getName()))));
	}

	@PutMapping("/admin/members/config/tiers/{tier}")
	TierBenefits configure(@PathVariable Tier tier, @Valid @RequestBody TierRule rule, Principal principal) {
		return this.tiers.configure(
				new TierBenefits(tier, rule.minSpendMinor(), rule.minOrders(), rule.discountPercent(),
						rule.freeShipping(), rule.earlyAccess(), rule.pointsMultiplier(), rule.birthdayGiftPoints()),
				io.concord.member.audit.AuditLog.actorOf(principal));
	}

}
