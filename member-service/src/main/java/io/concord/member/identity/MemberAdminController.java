package io.concord.member.identity;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.concord.member.audit.AuditLog;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops and partner API: resolve any identity to the member id, read a member, merge two
 * members, read the audit log. Staff only (reads: ops-viewer, changes: ops-manager); the
 * actor recorded in the audit log is the staff token's subject.
 */
@RestController
@Validated
@RequestMapping("/admin/members")
class MemberAdminController {

	record Resolve(@Schema(example = "MARKETPLACE_BUYER") @NotNull IdentityType type,
			@Schema(example = "tmall") @Size(max = 64) String namespace,
			@Schema(example = "tb_2088102146225135") @NotNull @Size(min = 1, max = 254) String value) {
	}

	record Resolved(UUID memberId) {
	}

	record Merge(@Schema(example = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10") @NotNull UUID survivorMemberId,
			@Schema(example = "5d2c8a41-9e3b-4f7a-b6c0-1a2b3c4d5e6f") @NotNull UUID mergedMemberId,
			@Schema(example = "same shopper: store card and app account, confirmed at the service desk") @NotBlank @Size(
					max = 500) String reason) {
	}

	private final Identities identities;

	private final MemberRegistration registration;

	private final MemberMerge merge;

	private final AuditLog audit;

	MemberAdminController(Identities identities, MemberRegistration registration, MemberMerge merge, AuditLog audit) {
		this.identities = identities;
		this.registration = registration;
		this.merge = merge;
		this.audit = audit;
	}

	@Tag(name = "members",
			description = "Register members, read and extend one's own member, and resolve or merge members for ops.")
	@Operation(operationId = "resolveMemberIdentity", summary = "Resolve an identity to its member", description = """
			The member id holding a proven identity of any type (phone, e-mail, app account, social id, store \
			card, marketplace buyer), for partners and ops tools that know a shopper by one of them.

			Who may call: staff with role ops-manager (or admin): it is a POST under /admin/members.""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member holds that identity as a proven identity")
	@PostMapping("/resolve")
	Resolved resolve(@Valid @RequestBody Resolve request) {
		NormalizedIdentity identity = this.identities.normalize(request.type(), request.namespace(), request.value());
		return this.identities.holderOf(identity)
			.map((member) -> new Resolved(member.value()))
			.orElseThrow(() -> new ProblemException.NotFound("Member with that", request.type()));
	}

	/** A member by any of its ids: a merged id answers with the survivor. */
	@Tag(name = "members",
			description = "Register members, read and extend one's own member, and resolve or merge members for ops.")
	@Operation(operationId = "getMemberForOps", summary = "Read any member", description = """
			A member by any of its ids (a merged id answers with the member it was merged into; an erased \
			member shows what is left), identities masked.

			Who may call: staff with role ops-viewer (or higher).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no member has this id")
	@GetMapping("/{memberId}")
	MemberView find(@PathVariable UUID memberId) {
		if (!this.identities.exists(memberId)) {
			throw new ProblemException.NotFound("Member", memberId);
		}
		return this.registration.findForOps(new MemberId(memberId));
	}

	@Tag(name = "members",
			description = "Register members, read and extend one's own member, and resolve or merge members for ops.")
	@Operation(operationId = "mergeMembers", summary = "Merge two members", description = """
			Merges one member into another (the same shopper registered twice): identities and hints move to \
			the survivor, the merged id resolves to it from now on, and the merge is audited under the staff \
			token's subject. Answers the survivor.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "either member does not exist")
	@ProblemResponse(status = 409, type = "conflict", when = "either member was already merged into another or erased")
	@ProblemResponse(status = 422, type = "business-rule", when = "the survivor and the merged member are the same")
	@PostMapping("/merges")
	MemberView merge(@Valid @RequestBody Merge request, Principal principal) {
		this.merge.merge(new MemberId(request.survivorMemberId()), new MemberId(request.mergedMemberId()),
				actor(principal), request.reason());
		return this.registration.find(new MemberId(request.survivorMemberId()));
	}

	@Tag(name = "audit",
			description = "The audit log of what staff and members changed: merges, erasures, corrections, configuration.")
	@Operation(operationId = "listAuditEntries", summary = "Read the audit log", description = """
			The newest audit entries (who did what to which member, and why), for one member or all, at most \
			limit (1 to 1000, default 100).

			Who may call: staff with role ops-viewer (or higher).""")
	@GetMapping("/audit")
	List<AuditLog.AuditEntry> audit(@RequestParam(required = false) UUID memberId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.audit.entries(memberId, limit);
	}

	static String actor(Principal principal) {
		return AuditLog.actorOf(principal);
	}

}
