package io.concord.promotion.audience;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.web.ProblemException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ops view of what promotion-service knows about a member for targeting. */
@RestController
@RequestMapping("/admin/promotions/audience")
class AudienceController {

	record AudienceMemberView(UUID memberId, String registeredChannel, Instant registeredAt, long memberVersion) {
	}

	private final AudienceMembers audience;

	AudienceController(AudienceMembers audience) {
		this.audience = audience;
	}

	@GetMapping("/{memberId}")
	AudienceMemberView find(@PathVariable UUID memberId) {
		return this.audience.findById(memberId)
			.map((member) -> new AudienceMemberView(member.memberId(), member.registeredChannel(),
					member.registeredAt(), member.memberVersion()))
			.orElseThrow(() -> new ProblemException.NotFound("Audience member", memberId));
	}

}
