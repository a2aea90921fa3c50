package io.concord.member.identity;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order flow finds the member behind a channel order's buyer (role
 * {@code service:order-flow}; the gateway does not route {@code /internal/**}): a
 * marketplace buyer linked to a member places the order under that member, so it earns
 * points and shows in the member's history (issue 24). Same rule as the ops resolve:
 * proven identities only, merges followed.
 */
@RestController
class OrderFlowIdentityController {

	record ResolveIdentity(@Schema(example = "MARKETPLACE_BUYER") @NotNull IdentityType type,
			@Schema(example = "tmall") @Size(max = 64) String namespace,
			@Schema(example = "tb_2088102146225135") @NotNull @Size(min = 1, max = 254) String value) {
	}

	record ResolvedMember(@Schema(example = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10") UUID memberId) {
	}

	private final Identities identities;

	OrderFlowIdentityController(Identities identities) {
		this.identities = identities;
	}

	@Tag(name = "members",
			description = "Register members, read and extend one's own member, and resolve or merge members for ops.")
	@Operation(operationId = "resolveIdentityForOrderFlow", summary = "Find the member holding an identity",
			description = """
					The (surviving) member holding a proven identity, e.g. a marketplace buyer id in its \
					marketplace's namespace, so a channel order is placed under that member. Hints (stated, never \
					proven) are held by nobody. Internal: not routed by the gateway.

					Who may call: the order flow only (staff-issuer client with role service:order-flow).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member holds that identity as a proven identity")
	@PostMapping("/internal/members/identities/resolve")
	ResolvedMember resolve(@Valid @RequestBody ResolveIdentity request) {
		NormalizedIdentity identity = this.identities.normalize(request.type(), request.namespace(), request.value());
		return this.identities.holderOf(identity)
			.map((member) -> new ResolvedMember(member.value()))
			.orElseThrow(() -> new ProblemException.NotFound("Member with that", request.type()));
	}

}
