package io.concord.member.notifications;

/** What a notification is about, and so which consent it needs. */
enum NotificationKind {

	/** promotion-service issued a win-back coupon to a member at risk of churning. */
	WIN_BACK_COUPON(Purpose.MARKETING),
	/** A coupon in the wallet expires soon. */
	COUPON_EXPIRING(Purpose.MARKETING),
	/** Points expire soon. */
	POINTS_EXPIRING(Purpose.ACCOUNT),
	/** An order is still unpaid and will lapse at its payment deadline. */
	UNPAID_ORDER(Purpose.ORDER_UPDATES),
	/** An order left the warehouse. */
	ORDER_SHIPPED(Purpose.ORDER_UPDATES),
	/** An order was delivered. */
	ORDER_DELIVERED(Purpose.ORDER_UPDATES);

	/** Why a member may be contacted: each is allowed or refused per channel. */
	public enum Purpose {

		/** Offers: coupons, win-back. Quiet hours and the daily cap apply. */
		MARKETING,
		/** The member's own orders. */
		ORDER_UPDATES,
		/** The member's account: points. */
		ACCOUNT

	}

	private final Purpose purpose;

	NotificationKind(Purpose purpose) {
		this.purpose = purpose;
	}

	public Purpose purpose() {
		return this.purpose;
	}

}
