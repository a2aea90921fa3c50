package io.concord.promotion.audience;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ops view of what promotion-service knows about a member for targeting. */
@RestController
@RequestMapping("/admin/promotions/audience")
@Tag(name = "audiences",
		description = "What promotion-service knows about a member for targeting (from member-service's events).")
class AudienceController {

	record AudienceMemberView(UUID memberId, String registeredChannel, Instant registeredAt, long memberVersion) {
	}

	private final AudienceMembers audience;

	AudienceController(AudienceMembers audience) {
		this.audience = audience;
	}

	@Operation(operationId = "getAudienceMember", summary = "Read a member's targeting profile", description = """
			The member as promotion-service knows them for targeting: registration channel and time, and the \
			version of the last member event applied.

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "promotion-service has not heard of this member (yet)")
	@GetMapping("/{memberId}")
	AudienceMemberView find(@PathVariable UUID memberId) {
		return this.audience.findById(memberId)
			.map((member) -> new AudienceMemberView(member.memberId(), member.registeredChannel(),
					member.registeredAt(), member.memberVersion()))
			.orElseThrow(() -> new ProblemException.NotFound("Audience member", memberId));
	}

}
