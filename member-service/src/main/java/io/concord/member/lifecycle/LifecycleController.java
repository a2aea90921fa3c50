package io.concord.member.lifecycle;

import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Birthdays for members; segments and on-demand evaluation for ops. */
@RestController
@Validated
@Tag(name = "lifecycle",
		description = "Birthdays and lifecycle segments (champions, loyal, at risk, ...) that promotions target.")
class LifecycleController {

	record Birthday(@Schema(example = "1994-05-20") @NotNull @Past LocalDate birthday) {
	}

	private final Lifecycle lifecycle;

	private final LifecycleRuns runs;

	private final Identities identities;

	LifecycleController(Lifecycle lifecycle, LifecycleRuns runs, Identities identities) {
		this.lifecycle = lifecycle;
		this.runs = runs;
		this.identities = identities;
	}

	@Operation(operationId = "setMyBirthday", summary = "Set my birthday", description = """
			Sets the signed-in member's birthday (a past date), for birthday gifts and birthday coupons. \
			Answers 204.

			Who may call: a signed-in member, for their own account.""")
	@ApiResponse(responseCode = "204", description = "The birthday is set")
	@ProblemResponse(status = 404, type = "not-found", when = "the member was erased")
	@PutMapping("/api/members/me/birthday")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setBirthday(Principal principal, @Valid @RequestBody Birthday birthday) {
		this.identities.setBirthday(new MemberId(UUID.fromString(principal.getName())), birthday.birthday());
	}

	@Operation(operationId = "countSegmentMembers", summary = "Count members per segment", description = """
			How many members each lifecycle segment (CHAMPIONS, LOYAL, PROMISING, NEW, AT_RISK, HIBERNATING) \
			holds after the last evaluation.

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/members/segments")
	Map<String, Long> segments() {
		return this.lifecycle.segmentSizes();
	}

	@Operation(operationId = "listSegmentMembers", summary = "List a segment's members", description = """
			The members of one lifecycle segment with their recency, frequency and monetary scores, at most \
			limit (1 to 10,000, default 100).

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/admin/members/segments/{segment}")
	List<Lifecycle.ScoredMember> segment(
			@PathVariable @Pattern(regexp = "CHAMPIONS|LOYAL|AT_RISK|NEW|HIBERNATING|PROMISING") String segment,
			@RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int limit) {
		return this.lifecycle.segment(segment, limit);
	}

	/** A member's segment and scores; all empty before their first evaluation. */
	record MemberSegment(UUID memberId, @Nullable String segment, @Nullable Integer recencyDays,
			@Nullable Integer frequency, @Nullable Long monetaryMinor) {
	}

	@Operation(operationId = "getMemberSegment", summary = "Read a member's segment", description = """
			The lifecycle segment a member is in after the last evaluation, with their recency (days), \
			frequency (orders) and monetary (minor units) figures; segment null when not evaluated yet (a \
			merged id reads the survivor's).

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id")
	@GetMapping("/admin/members/{memberId}/segment")
	MemberSegment segmentOf(@PathVariable UUID memberId) {
		if (!this.identities.exists(memberId)) {
			throw new ProblemException.NotFound("Member", memberId);
		}
		UUID member = this.identities.survivorOf(new MemberId(memberId)).value();
		return this.lifecycle.scoreOf(member)
			.map((s) -> new MemberSegment(member, s.segment(), s.recencyDays(), s.frequency(), s.monetaryMinor()))
			.orElseGet(() -> new MemberSegment(member, null, null, null, null));
	}

	@Operation(operationId = "evaluateLifecycles", summary = "Evaluate lifecycles now", description = """
			Runs the lifecycle evaluation (segments, churn risk, birthdays) now instead of at its scheduled \
			time, and reports what it did.

			Who may call: staff with role ops-manager (or admin).""")
	@PostMapping("/admin/members/lifecycle/evaluations")
	Lifecycle.Evaluation evaluate() {
		return this.runs.evaluate();
	}

}
