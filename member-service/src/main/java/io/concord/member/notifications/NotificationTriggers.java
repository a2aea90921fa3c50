package io.concord.member.notifications;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import io.concord.member.points.PointsExpiry;
import io.concord.platform.events.EventHandler;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * What notifies a member, each once per source: promotion-service's win-back coupons
 * ({@code CouponIssued} with trigger CHURN_RISK) and coupons about to expire
 * ({@code CouponExpiringSoon}); fulfillment-service's orders (an unpaid order's reminder
 * before its payment deadline, withdrawn when it is paid or cancelled; shipped;
 * delivered); and points about to expire (checked hourly here). Load-test (shadow) events
 * notify nobody.
 */
@Configuration(proxyBeanMethods = false)
class NotificationTriggers {

	private static final Logger log = LoggerFactory.getLogger(NotificationTriggers.class);

	record CouponIssued(UUID couponId, UUID memberId, String via, @Nullable String trigger, Instant validUntil) {
	}

	record CouponExpiringSoon(UUID couponId, UUID memberId, Instant validUntil) {
	}

	record Money(long amountMinor, String currency) {
	}

	record OrderPlaced(String orderId, UUID memberId, Money payable, Instant paymentDueAt, Instant placedAt) {
	}

	record OrderSettled(String orderId) {
	}

	record OrderPaid(String orderId, Instant paidAt) {
	}

	record CouponRedeemed(UUID couponId, String orderId, Instant redeemedAt) {
	}

	record OrderShipped(String orderId, UUID memberId) {
	}

	private final Notifications notifications;

	private final NotificationPolicy policy;

	private final PointsExpiry points;

	private final Clock clock;

	NotificationTriggers(Notifications notifications, NotificationPolicy policy, PointsExpiry points, Clock clock) {
		this.notifications = notifications;
		this.policy = policy;
		this.points = points;
		this.clock = clock;
	}

	@Bean
	EventHandler<CouponIssued> notifyWinBackCoupon() {
		return EventHandler.of("concord.promotion.CouponIssued", CouponIssued.class, "notify-win-back-coupon",
				(event) -> {
					CouponIssued coupon = event.data();
					if (!"CHURN_RISK".equals(coupon.trigger()) || TestRun.active()) {
						return;
					}
					this.notifications.request(coupon.memberId(), NotificationKind.WIN_BACK_COUPON,
							"coupon:" + coupon.couponId(), null, List.of(date(coupon.validUntil())), now());
				});
	}

	@Bean
	EventHandler<CouponExpiringSoon> notifyCouponExpiring() {
		return EventHandler.of("concord.promotion.CouponExpiringSoon", CouponExpiringSoon.class,
				"notify-coupon-expiring", (event) -> {
					if (TestRun.active()) {
						return;
					}
					CouponExpiringSoon coupon = event.data();
					this.notifications.request(coupon.memberId(), NotificationKind.COUPON_EXPIRING,
							"coupon:" + coupon.couponId(), null, List.of(time(coupon.validUntil())), now());
				});
	}

	@Bean
	EventHandler<OrderPlaced> remindUnpaidOrder() {
		return EventHandler.of("concord.fulfillment.OrderPlaced", OrderPlaced.class, "remind-unpaid-order", (event) -> {
			if (TestRun.active()) {
				return;
			}
			OrderPlaced order = event.data();
			this.notifications.request(order.memberId(), NotificationKind.UNPAID_ORDER, "order:" + order.orderId(),
					order.orderId(), List.of(order.orderId(), time(order.paymentDueAt()), amount(order.payable())),
					this.policy.unpaidReminderAt(order.placedAt(), order.paymentDueAt()));
		});
	}

	@Bean
	EventHandler<OrderPaid> withdrawReminderWhenPaid() {
		return EventHandler.of("concord.fulfillment.OrderPaid", OrderPaid.class, "withdraw-reminder-paid",
				(event) -> this.notifications.orderPaid(event.data().orderId(), event.data().paidAt()));
	}

	@Bean
	EventHandler<OrderSettled> withdrawReminderWhenCancelled() {
		return EventHandler.of("concord.fulfillment.OrderCancelled", OrderSettled.class, "withdraw-reminder-cancelled",
				(event) -> this.notifications.orderCancelled(event.data().orderId()));
	}

	@Bean
	EventHandler<CouponRedeemed> winBackRedeemed() {
		return EventHandler.of("concord.promotion.CouponRedeemed", CouponRedeemed.class, "win-back-redeemed",
				(event) -> this.notifications.couponRedeemed(event.data().couponId(), event.data().orderId(),
						event.data().redeemedAt()));
	}

	@Bean
	EventHandler<OrderShipped> notifyOrderShipped() {
		return EventHandler.of("concord.fulfillment.OrderShipped", OrderShipped.class, "notify-order-shipped",
				(event) -> {
					if (!TestRun.active()) {
						this.notifications.request(event.data().memberId(), NotificationKind.ORDER_SHIPPED,
								"order:" + event.data().orderId(), event.data().orderId(),
								List.of(event.data().orderId()), now());
					}
				});
	}

	@Bean
	EventHandler<OrderShipped> notifyOrderDelivered() {
		return EventHandler.of("concord.fulfillment.OrderDelivered", OrderShipped.class, "notify-order-delivered",
				(event) -> {
					if (!TestRun.active()) {
						this.notifications.request(event.data().memberId(), NotificationKind.ORDER_DELIVERED,
								"order:" + event.data().orderId(), event.data().orderId(),
								List.of(event.data().orderId()), now());
					}
				});
	}

	/**
	 * Members whose points expire within the reminder window hear it once per expiry day.
	 */
	@Scheduled(fixedDelayString = "${concord.member.notifications.points-check:1h}")
	void remindExpiringPoints() {
		Instant now = now();
		int reminded = 0;
		for (PointsExpiry.ExpiringPoints expiring : this.points.expiringBetween(now,
				now.plus(this.policy.pointsReminderBefore()), 1000)) {
			if (this.notifications.request(expiring.memberId(), NotificationKind.POINTS_EXPIRING,
					"points:" + date(expiring.firstExpiry()), null,
					List.of(String.valueOf(expiring.points()), date(expiring.firstExpiry())), now)) {
				reminded++;
			}
		}
		if (reminded > 0) {
			log.info("{} members reminded of expiring points", reminded);
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

	private String date(Instant instant) {
		return DateTimeFormatter.ISO_LOCAL_DATE.format(instant.atZone(this.policy.zone()));
	}

	private String time(Instant instant) {
		return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(instant.atZone(this.policy.zone()));
	}

	private static String amount(Money money) {
		int digits = Currency.getInstance(money.currency()).getDefaultFractionDigits();
		return money.currency() + " " + BigDecimal.valueOf(money.amountMinor(), Math.max(digits, 0)).toPlainString();
	}

}
