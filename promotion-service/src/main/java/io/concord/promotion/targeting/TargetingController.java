package io.concord.promotion.targeting;

import java.net.URI;
import java.security.Principal;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.IdempotencyKeyRequired;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Ops issue a coupon template to RFM segments and tiers, after a preview. */
@RestController
@Validated
@Tag(name = "targeting", description = "Coupons issued by ops to members of RFM segments and tiers, previewed first.")
class TargetingController {

	private static final String SEGMENT = "CHAMPIONS|LOYAL|AT_RISK|NEW|HIBERNATING|PROMISING|NO_ORDERS";

	private static final String TIER = "BRONZE|SILVER|GOLD|PLATINUM|DIAMOND";

	record TargetRequest(
			@Schema(description = "RFM segments; a member of any of them is targeted (empty: any segment)",
					example = "[\"AT_RISK\", \"HIBERNATING\"]") @Nullable @Size(
							max = 7) Set<@NotNull @Pattern(regexp = SEGMENT) String> segments,
			@Schema(description = "tiers; combined with the segments (empty: any tier)",
					example = "[\"GOLD\", \"PLATINUM\"]") @Nullable @Size(
							max = 5) Set<@NotNull @Pattern(regexp = TIER) String> tiers) {

		TargetedIssuances.Target target() {
			return new TargetedIssuances.Target((this.segments != null) ? Set.copyOf(this.segments) : Set.of(),
					(this.tiers != null) ? Set.copyOf(this.tiers) : Set.of());
		}

	}

	private final TargetedIssuances issuances;

	TargetingController(TargetedIssuances issuances) {
		this.issuances = issuances;
	}

	@Operation(operationId = "previewTargetedIssuance", summary = "Preview a targeted issuance", description = """
			How many members are in the segments and tiers (a member must be in one of the segments, if any are \
			named, and one of the tiers, if any are named), how many coupons of the template are left, and so how \
			many would be issued. Nothing is issued.

			Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotion has this id")
	@ProblemResponse(status = 409, type = "conflict", when = "the template's campaign has ended")
	@ProblemResponse(status = 422, type = "business-rule",
			when = "not a coupon template, a template issued by member events, or no segment or tier named")
	@PostMapping("/admin/promotions/coupons/{templateId}/targeted-issuances/preview")
	TargetedIssuances.Preview preview(@PathVariable String templateId, @Valid @RequestBody TargetRequest request) {
		return this.issuances.preview(templateId, request.target());
	}

	@Operation(operationId = "startTargetedIssuance", summary = "Issue a coupon to segments and tiers",
			description = """
					Starts issuing one coupon of the template to every member of the segments and tiers, in the \
					background (answers 202 with the issuance to follow). A member at the template's limit, or once the \
					coupons run out, is skipped. Needs an Idempotency-Key: a retry answers the same issuance.

					Who may call: staff with role ops-manager (or admin).""")
	@ProblemResponse(status = 404, type = "not-found", when = "no promotion has this id")
	@ProblemResponse(status = 409, type = "conflict", when = "the template's campaign has ended")
	@ProblemResponse(status = 422, type = "business-rule",
			when = "not a coupon template, a template issued by member events, or no segment or tier named")
	@PostMapping("/admin/promotions/coupons/{templateId}/targeted-issuances")
	@IdempotencyKeyRequired
	ResponseEntity<TargetedIssuances.Issuance> start(@PathVariable String templateId,
			@Valid @RequestBody TargetRequest request, Principal caller) {
		TargetedIssuances.Issuance issuance = this.issuances.start(templateId, request.target(), caller.getName());
		return ResponseEntity.accepted()
			.location(URI.create("/admin/promotions/targeted-issuances/" + issuance.id()))
			.body(issuance);
	}

	@Operation(operationId = "getTargetedIssuance", summary = "Follow a targeted issuance",
			description = "Its status (RUNNING, DONE) and the members targeted, coupons issued and members skipped so far. Who may call: staff with role ops-viewer (or higher).")
	@ProblemResponse(status = 404, type = "not-found", when = "no issuance has this id")
	@GetMapping("/admin/promotions/targeted-issuances/{id}")
	TargetedIssuances.Issuance find(@PathVariable UUID id) {
		return this.issuances.find(id);
	}

}
