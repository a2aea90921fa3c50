package io.concord.console.members;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A member and their loyalty as member-service's admin API answers them
 * ({@code /admin/members/…}): only what the screens show. Identities come masked from the
 * API; {@link #masked} keeps it so should one ever arrive in clear.
 */
public final class Loyalty {

	/** Every value the screens label, per kind (each has a key in both languages). */
	static final List<String> MEMBER_STATUSES = List.of("ACTIVE", "MERGED", "ERASED");

	static final List<String> IDENTITY_TYPES = List.of("PHONE", "EMAIL", "APP_ACCOUNT", "SOCIAL_OPEN_ID",
			"SOCIAL_UNION_ID", "STORE_CARD", "MARKETPLACE_BUYER");

	static final List<String> CHANNELS = List.of("APP", "WEB", "MINI_PROGRAM", "SOCIAL", "LIVESTREAM", "MARKETPLACE",
			"STORE");

	static final List<String> TIERS = List.of("BRONZE", "SILVER", "GOLD", "PLATINUM", "DIAMOND");

	static final List<String> SEGMENTS = List.of("CHAMPIONS", "LOYAL", "PROMISING", "NEW", "AT_RISK", "HIBERNATING");

	static final List<String> ENTRY_KINDS = List.of("EARN", "REDEEM", "REVERSE", "CHECK_IN", "EXPIRE", "ADJUST",
			"GRANT");

	static final List<String> ENTRY_STATES = List.of("PENDING", "AVAILABLE");

	static final List<String> NOTIFICATION_KINDS = List.of("WIN_BACK_COUPON", "COUPON_EXPIRING", "POINTS_EXPIRING",
			"UNPAID_ORDER", "ORDER_SHIPPED", "ORDER_DELIVERED");

	static final List<String> NOTIFICATION_STATUSES = List.of("PENDING", "SENT", "SUPPRESSED", "CANCELLED", "FAILED");

	static final List<String> NOTIFICATION_CHANNELS = List.of("APP_PUSH", "MINI_PROGRAM", "SMS");

	private Loyalty() {
	}

	/**
	 * What may be shown of an identity: the API's mask as it is; anything without a mask
	 * character keeps only its last four characters.
	 */
	public static String masked(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		if (value.indexOf('*') >= 0) {
			return value;
		}
		int keep = Math.min(4, value.length() / 3);
		return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
	}

	public record Member(UUID id, String displayName, String registeredChannel, Instant registeredAt, String status,
			List<Identity> identities) {
	}

	public record Identity(String type, @Nullable String namespace, String value, boolean verified, Instant linkedAt) {

		/** The value as the page shows it: masked. */
		public String shown() {
			return masked(this.value);
		}

	}

	public record Balance(UUID memberId, long balance, long pending, List<Entry> entries) {
	}

	public record Entry(long id, String kind, long points, String state, String source, String sourceRef,
			@Nullable Instant availableAt, @Nullable String reason, Instant createdAt) {
	}

	public record Benefits(String tier, long minSpendMinor, int minOrders, BigDecimal discountPercent,
			boolean freeShipping, boolean earlyAccess, BigDecimal pointsMultiplier, long birthdayGiftPoints) {
	}

	public record Tier(UUID memberId, String tier, @Nullable Instant since, long spendMinor, String currency,
			int orders, Benefits benefits) {
	}

	public record Grant(UUID memberId, String tier, Instant until, String reason, String grantedBy, Instant grantedAt) {
	}

	public record StaffTier(Tier current, @Nullable Grant grant) {
	}

	public record Segment(UUID memberId, @Nullable String segment, @Nullable Integer recencyDays,
			@Nullable Integer frequency, @Nullable Long monetaryMinor) {
	}

	public record Notification(UUID id, String kind, String status, @Nullable String reason, @Nullable String channel,
			Instant createdAt, Instant sendAt, @Nullable Instant sentAt) {
	}

	/** A merge the audit log recorded: {@code merged} now resolves to the survivor. */
	public record Merge(String merged, String actor, @Nullable String reason, Instant at) {
	}

	public record Rules(long earnPerCurrencyUnit, long pointsPerCurrencyUnit, int maxOrderSharePercent,
			int returnWindowDays, int validityDays, long checkInPoints, long checkInStreakBonus, int checkInStreakCap,
			long reviewPoints) {
	}

}
