package io.concord.member.notifications;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A member's notification choices (per channel and purpose) and what they were sent; ops
 * read a member's notifications.
 */
@RestController
@Validated
@Tag(name = "notifications",
		description = "What Concord tells a member (coupons, points, orders) and on which channels they allow it.")
class NotificationController {

	record Consent(@Schema(example = "SMS") @NotNull NotificationChannel channel,
			@Schema(example = "MARKETING") @NotNull NotificationKind.Purpose purpose,
			@Schema(example = "false") @NotNull Boolean allowed) {
	}

	record ConsentsRequest(@NotEmpty @Size(max = 12) List<@Valid @NotNull Consent> consents) {
	}

	private final Notifications notifications;

	private final Identities identities;

	NotificationController(Notifications notifications, Identities identities) {
		this.notifications = notifications;
		this.identities = identities;
	}

	@Operation(operationId = "getMyNotificationConsents", summary = "Read my notification choices", description = """
			Per channel (APP_PUSH, MINI_PROGRAM, SMS, EMAIL) and purpose (MARKETING, ORDER_UPDATES, ACCOUNT): \
			whether Concord may notify the member. Where the member has not chosen, the default: order and \
			account news on every channel, marketing in the app and mini-program only (SMS and e-mail marketing \
			need an opt-in).

			Who may call: a signed-in member, for their own choices.""")
	@GetMapping("/api/members/me/notification-consents")
	List<Consent> consents(Principal principal) {
		return view(signedIn(principal));
	}

	@Operation(operationId = "putMyNotificationConsents", summary = "Change my notification choices", description = """
			Allows or refuses the listed channel and purpose pairs (the others keep their value); answers all of \
			them. Counts for every notification not sent yet.

			Who may call: a signed-in member, for their own choices.""")
	@PutMapping("/api/members/me/notification-consents")
	List<Consent> consent(@Valid @RequestBody ConsentsRequest request, Principal principal) {
		UUID member = signedIn(principal);
		request.consents()
			.forEach((consent) -> this.notifications.consent(member, consent.channel(), consent.purpose(),
					consent.allowed()));
		return view(member);
	}

	@Operation(operationId = "listMyNotifications", summary = "List my notifications", description = """
			The member's notifications, newest first: kind, what became of it (PENDING, SENT, SUPPRESSED with \
			the reason: NO_CONSENT, NO_CHANNEL, DAILY_CAP; CANCELLED, FAILED) and the channel it went by.

			Who may call: a signed-in member, for their own notifications.""")
	@GetMapping("/api/members/me/notifications")
	List<Notifications.NotificationView> mine(Principal principal,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
		return this.notifications.ofMember(signedIn(principal), limit);
	}

	@Operation(operationId = "listMemberNotifications", summary = "List a member's notifications",
			description = "A member's notifications, newest first (no destinations, no texts). Who may call: staff with role ops-viewer (or higher).")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id")
	@GetMapping("/admin/members/{memberId}/notifications")
	List<Notifications.NotificationView> ofMember(@PathVariable UUID memberId,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
		if (!this.identities.exists(memberId)) {
			throw new ProblemException.NotFound("Member", memberId);
		}
		return this.notifications.ofMember(this.identities.survivorOf(new MemberId(memberId)).value(), limit);
	}

	private List<Consent> view(UUID member) {
		List<Consent> view = new ArrayList<>();
		this.notifications.consents(member)
			.forEach((channel, purposes) -> purposes
				.forEach((purpose, allowed) -> view.add(new Consent(channel, purpose, allowed))));
		return view;
	}

	private UUID signedIn(Principal principal) {
		return this.identities.survivorOf(new MemberId(UUID.fromString(principal.getName()))).value();
	}

}
