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
import io.concord.member.identity.MemberId;

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
class LifecycleController {

	record Birthday(@NotNull @Past LocalDate birthday) {
	}

	private final Lifecycle lifecycle;

	private final LifecycleRuns runs;

	LifecycleController(Lifecycle lifecycle, LifecycleRuns runs) {
		this.lifecycle = lifecycle;
		this.runs = runs;
	}

	@PutMapping("/api/members/me/birthday")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setBirthday(Principal principal, @Valid @RequestBody Birthday birthday) {
		this.lifecycle.setBirthday(new MemberId(UUID.fromString(principal.getName())), birthday.birthday());
	}

	@GetMapping("/admin/members/segments")
	Map<String, Long> segments() {
		return this.lifecycle.segmentSizes();
	}

	@GetMapping("/admin/members/segments/{segment}")
	List<Lifecycle.ScoredMember> segment(
			@PathVariable @Pattern(regexp = "CHAMPIONS|LOYAL|AT_RISK|NEW|HIBERNATING|PROMISING") String segment,
			@RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int limit) {
		return this.lifecycle.segment(segment, limit);
	}

	@PostMapping("/admin/members/lifecycle/evaluations")
	Lifecycle.Evaluation evaluate() {
		return this.runs.evaluate();
	}

}
