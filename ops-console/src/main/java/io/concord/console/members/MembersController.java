package io.concord.console.members;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import io.concord.console.ConsoleFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Members and loyalty: {@code /ops/members?member=<id>} shows a member (identities masked
 * as the API answers them), their tier, segment, points and ledger, merges and
 * notifications; a phone or e-mail is looked up by a POST (the API's resolve, which needs
 * ops-manager), so it never stands in a URL. Points adjustments and tier grants are the
 * API's operations as the signed-in user; {@code /ops/members/points-rules} shows the
 * points rules.
 */
@Controller
class MembersController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// The newest ledger entries and notifications are what a service desk asks about.
	private static final int SHOWN = 50;

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ConsoleFormat format;

	MembersController(AdminApi api, MessageSource messages, ConsoleFailures failures, ConsoleFormat format) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.format = format;
	}

	record Resolve(String type, String namespace, String value) {
	}

	record Adjustment(long points, String reason) {
	}

	record GrantRequest(String tier, java.time.Instant until, String reason) {
	}

	@GetMapping("/members")
	String members(@RequestParam(required = false) @Nullable String member, Authentication user, Model model,
			Locale locale) {
		model.addAttribute("query", member);
		model.addAttribute("tiers", Loyalty.TIERS);
		if (member == null || member.isBlank()) {
			return "members/detail";
		}
		UUID id;
		try {
			id = UUID.fromString(member.strip());
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("failure", this.messages.getMessage("members.invalidId", null, locale));
			return "members/detail";
		}
		try {
			Loyalty.Member found = JSON.convertValue(this.api.get(user, "/admin/members/{id}", id),
					Loyalty.Member.class);
			model.addAttribute("member", found);
			if (!found.id().equals(id)) {
				model.addAttribute("mergedFrom", id);
			}
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
			return "members/detail";
		}
		// The rest of the page: what can be read is shown, the first refusal named.
		List<String> partial = new ArrayList<>();
		read(partial, locale, () -> model.addAttribute("tier",
				JSON.convertValue(this.api.get(user, "/admin/members/{id}/tier", id), Loyalty.StaffTier.class)));
		read(partial, locale, () -> model.addAttribute("segment",
				JSON.convertValue(this.api.get(user, "/admin/members/{id}/segment", id), Loyalty.Segment.class)));
		read(partial, locale, () -> {
			Loyalty.Balance balance = JSON.convertValue(this.api.get(user, "/admin/members/{id}/points", id),
					Loyalty.Balance.class);
			model.addAttribute("points", balance);
			model.addAttribute("entries",
					balance.entries()
						.stream()
						.sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
						.limit(SHOWN)
						.toList());
		});
		read(partial, locale,
				() -> model.addAttribute("notifications",
						list(this.api.get(user, "/admin/members/{id}/notifications?limit={limit}", id, SHOWN),
								Loyalty.Notification.class)));
		read(partial, locale, () -> model.addAttribute("merges", merges(user, id)));
		if (!partial.isEmpty()) {
			model.addAttribute("partial", partial.get(0));
		}
		return "members/detail";
	}

	/** Phone or e-mail to member id through the API's resolve; never echoed back. */
	@PostMapping("/members/lookup")
	String lookup(@RequestParam String identity, Authentication user, RedirectAttributes redirect, Locale locale) {
		String value = identity.strip();
		String type = value.contains("@") ? "EMAIL" : "PHONE";
		try {
			JsonNode resolved = this.api.send(user, HttpMethod.POST, "/admin/members/resolve",
					new Resolve(type, "", value));
			return "redirect:" + UriComponentsBuilder.fromPath("/members")
				.queryParam("member", resolved.path("memberId").asString())
				.build()
				.toUriString();
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
			return "redirect:/members";
		}
	}

	@PostMapping("/members/{id}/points")
	String adjust(@PathVariable UUID id, @RequestParam String points, @RequestParam String reason, Authentication user,
			RedirectAttributes redirect, Locale locale) {
		long delta;
		try {
			delta = Long.parseLong(points.strip());
		}
		catch (NumberFormatException ex) {
			redirect.addFlashAttribute("failure", this.messages.getMessage("members.invalidPoints", null, locale));
			return back(id);
		}
		try {
			JsonNode balance = this.api.send(user, HttpMethod.POST, "/admin/members/{id}/points/adjustments",
					new Adjustment(delta, reason.strip()), id);
			redirect.addFlashAttribute("notice", this.messages.getMessage("members.adjusted",
					new Object[] { String.format(locale, "%+,d", delta), balance.path("balance").asLong() }, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return back(id);
	}

	@PostMapping("/members/{id}/tier-grant")
	String grant(@PathVariable UUID id, @RequestParam String tier, @RequestParam String until,
			@RequestParam String reason, Authentication user, RedirectAttributes redirect, Locale locale) {
		java.time.Instant end;
		try {
			// Until the end of that day in the business time zone.
			end = LocalDate.parse(until.strip()).plusDays(1).atStartOfDay(ZoneId.of(this.format.zone())).toInstant();
		}
		catch (DateTimeParseException ex) {
			redirect.addFlashAttribute("failure", this.messages.getMessage("members.invalidDate", null, locale));
			return back(id);
		}
		try {
			this.api.send(user, HttpMethod.PUT, "/admin/members/{id}/tier-grant",
					new GrantRequest(tier, end, reason.strip()), id);
			redirect.addFlashAttribute("notice",
					this.messages.getMessage("members.grantSet",
							new Object[] { this.messages.getMessage("members.tier" + '.' + tier, null, tier, locale) },
							locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return back(id);
	}

	@PostMapping("/members/{id}/tier-grant/revocation")
	String revoke(@PathVariable UUID id, Authentication user, RedirectAttributes redirect, Locale locale) {
		try {
			this.api.send(user, HttpMethod.DELETE, "/admin/members/{id}/tier-grant", null, id);
			redirect.addFlashAttribute("notice", this.messages.getMessage("members.revoked", null, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return back(id);
	}

	@GetMapping("/members/points-rules")
	String rules(Authentication user, Model model, Locale locale) {
		try {
			model.addAttribute("rules",
					JSON.convertValue(this.api.get(user, "/admin/members/config/points-rules"), Loyalty.Rules.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		return "members/rules";
	}

	/**
	 * The members merged into this one, from the audit log's {@code MEMBER_MERGED}
	 * entries (recorded under the survivor, with the merged id in their details).
	 */
	private List<Loyalty.Merge> merges(Authentication user, UUID survivor) {
		List<Loyalty.Merge> merges = new ArrayList<>();
		for (JsonNode entry : this.api.get(user, "/admin/members/audit?memberId={id}&limit=1000", survivor)) {
			if (!"MEMBER_MERGED".equals(entry.path("action").asString(""))) {
				continue;
			}
			JsonNode details = entry.path("details");
			if (details.isString()) {
				details = JSON.readTree(details.asString());
			}
			merges.add(new Loyalty.Merge(details.path("merged").asString("?"), entry.path("actor").asString(""),
					entry.path("reason").isNull() ? null : entry.path("reason").asString(""),
					java.time.Instant.parse(entry.path("at").asString())));
		}
		return merges;
	}

	private void read(List<String> partial, Locale locale, Runnable read) {
		try {
			read.run();
		}
		catch (AdminApi.Refused | RestClientException ex) {
			partial.add(this.failures.describe(ex, locale));
		}
	}

	private static String back(UUID id) {
		return "redirect:" + UriComponentsBuilder.fromPath("/members").queryParam("member", id).build().toUriString();
	}

	private static <T> List<T> list(JsonNode answer, Class<T> type) {
		return JSON.convertValue(answer, JSON.getTypeFactory().constructCollectionType(List.class, type));
	}

	/** The API values the pages label, by the part of their key after "members.". */
	static Map<String, List<String>> labelled() {
		return Map.of("status", Loyalty.MEMBER_STATUSES, "identity", Loyalty.IDENTITY_TYPES, "channel",
				Loyalty.CHANNELS, "tier", Loyalty.TIERS, "segment", Loyalty.SEGMENTS, "entryKind", Loyalty.ENTRY_KINDS,
				"entryState", Loyalty.ENTRY_STATES, "notificationKind", Loyalty.NOTIFICATION_KINDS,
				"notificationStatus", Loyalty.NOTIFICATION_STATUSES, "notificationChannel",
				Loyalty.NOTIFICATION_CHANNELS);
	}

}
