package io.concord.promotion.campaign;

/** promotion-service's public topic: campaigns, coupons and budgets. */
public final class PromotionTopics {

	public static final String EVENTS = "concord.promotion.events.v1";

	private PromotionTopics() {
	}

}
