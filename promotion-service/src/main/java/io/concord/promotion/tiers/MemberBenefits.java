package io.concord.promotion.tiers;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.concord.promotion.audience.Audience;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tier benefits checkout applies and the member's standing. The tier comes from the
 * audience (member-service's TierChanged), never from a request; the benefits from
 * member-service's TierBenefitsChanged, read on every quote, so a change applies from the
 * next one.
 */
@Component
public class MemberBenefits {

	/** Members without a tier change on record are in the base tier. */
	public static final MemberTier BASE_TIER = MemberTier.BRONZE;

	private final Audience audience;

	private final JdbcClient jdbc;

	private final Clock clock;

	MemberBenefits(Audience audience, JdbcTemplate jdbc, Clock clock) {
		this.audience = audience;
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
	}

	/** A signed-in member's standing (their recorded tier, else the base tier). */
	public MemberStanding standing(UUID memberId) {
		return ofTier(this.audience.profile(memberId).map(Audience.MemberProfile::tier).orElse(null));
	}

	/**
	 * The standing of a signed-in member whose recorded tier is {@code tier} (null: none
	 * recorded, the base tier).
	 */
	public MemberStanding ofTier(@Nullable String tier) {
		MemberTier known = (tier != null) ? MemberTier.of(tier) : BASE_TIER;
		if (known == null) {
			return MemberStanding.GUEST; // a tier this service does not know gives
											// nothing
		}
		return new MemberStanding(known, benefits(known).orElse(null));
	}

	public Optional<TierBenefits> benefits(MemberTier tier) {
		return this.jdbc
			.sql("select discount_percent, free_shipping, early_access, version from tier_benefit where tier = ?")
			.params(tier.name())
			.query((rs, n) -> new TierBenefits(tier, rs.getBigDecimal("discount_percent"),
					rs.getBoolean("free_shipping"), rs.getBoolean("early_access"), rs.getLong("version")))
			.optional();
	}

	/** Applies a tier's announced benefits unless a newer announcement was applied. */
	void changed(MemberTier tier, BigDecimal discountPercent, boolean freeShipping, boolean earlyAccess, long version) {
		this.jdbc.sql("""
				insert into tier_benefit (tier, discount_percent, free_shipping, early_access, version, updated_at)
				values (?, ?, ?, ?, ?, ?)
				on conflict (tier) do update set discount_percent = excluded.discount_percent,
				  free_shipping = excluded.free_shipping, early_access = excluded.early_access,
				  version = excluded.version, updated_at = excluded.updated_at
				where tier_benefit.version < excluded.version""")
			.params(tier.name(), discountPercent, freeShipping, earlyAccess, version,
					Timestamp.from(this.clock.instant()))
			.update();
	}

}
