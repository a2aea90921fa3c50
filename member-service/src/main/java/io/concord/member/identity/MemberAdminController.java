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

	record Resolve(@NotNull IdentityType type, @Size(max = 64) String namespace,
			@NotNull @Size(min = 1, max = 254) String value) {
	}

	record Resolved(UUID memberId) {
	}

	record Merge(@NotNull UUID survivorMemberId, @NotNull UUID mergedMemberId,
			@NotBlank @Size(max = 500) String reason) {
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

	@PostMapping("/resolve")
	Resolved resolve(@Valid @RequestBody Resolve request) {
		NormalizedIdentity identity = this.identities.normalize(request.type(), request.namespace(), request.value());
		return this.identities.holderOf(identity)
			.map((member) -> new Resolved(member.value()))
			.orElseThrow(() -> new ProblemException.NotFound("Member with that", request.type()));
	}

	/** A member by any of its ids: a merged id answers with the survivor. */
	@GetMapping("/{memberId}")
	MemberView find(@PathVariable UUID memberId) {
		if (!this.identities.exists(memberId)) {
			throw new ProblemException.NotFound("Member", memberId);
		}
		return this.registration.findForOps(new MemberId(memberId));
	}

	@PostMapping("/merges")
	MemberView merge(@Valid @RequestBody Merge request, Principal principal) {
		this.merge.merge(new MemberId(request.survivorMemberId()), new MemberId(request.mergedMemberId()),
				actor(principal), request.reason());
		return this.registration.find(new MemberId(request.survivorMemberId()));
	}

	@GetMapping("/audit")
	List<AuditLog.AuditEntry> audit(@RequestParam(required = false) UUID memberId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.audit.entries(memberId, limit);
	}

	static String actor(Principal principal) {
		return AuditLog.actorOf(principal);
	}

}
