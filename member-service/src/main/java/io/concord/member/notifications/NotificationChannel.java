package io.concord.member.notifications;

/** Where a notification can reach a member, and from which identity. */
enum NotificationChannel {

	/** A push to the brand's app (the APP_ACCOUNT identity). */
	APP_PUSH,
	/** A subscription message in the mini-program (a WeChat open id). */
	MINI_PROGRAM,
	/** A text message to the verified phone. */
	SMS,
	/** An e-mail to the verified address. */
	EMAIL

}
