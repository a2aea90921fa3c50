package io.concord.member.points;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order flow pays with points (role {@code service:order-flow}; the gateway does not
 * route {@code /internal/**}): fulfillment redeems inside its placement saga with the
 * payable it computed, and reverses or restores per return. Every call is idempotent by
 * order id (and return id).
 */
@RestController
@Tag(name = "points",
		description = "Points balances and daily check-ins, ops corrections and rules, and points paying for orders.")
class OrderPointsController {

	private static final String ORDER_ID = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";

	record RedeemForOrder(@Schema(example = "0b7f6f2e-4c1d-4e8a-9a51-2f0c3d9e7a10") @NotNull UUID memberId,
			@Schema(example = "2000") @Min(1) @Max(10_000_000) long points,
			@Schema(description = "the order's payable the order flow computed, in minor units",
					example = "29900") @Min(0) @Max(100_000_000_000L) long payableMinor,
			@Schema(example = "CNY") @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {
	}

	record RestoreForReturn(
			@Schema(example = "RET-7F3A2C91") @NotBlank @Size(max = 64) @Pattern(regexp = ORDER_ID) String returnId,
			@Schema(example = "800") @Min(1) @Max(10_000_000) long points) {
	}

	private final OrderPointsPayments payments;

	private final OrderPointsRestorations restorations;

	OrderPointsController(OrderPointsPayments payments, OrderPointsRestorations restorations) {
		this.payments = payments;
		this.restorations = restorations;
	}

	@Operation(operationId = "redeemOrderPoints", summary = "Pay an order with points", description = """
			Debits the member's points for the order inside the placement saga, once per order id (a repeat \
			answers the redemption already made). Internal: not routed by the gateway.

			Who may call: the order flow only (staff-issuer client with role service:order-flow).""")
	@ApiResponse(responseCode = "201", description = "The points were redeemed (or had been, for this order)")
	@ProblemResponse(status = 404, type = "not-found", when = "the member does not exist or was erased")
	@ProblemResponse(status = 422, type = "points-currency-mismatch",
			when = "the currency is not the brand's points currency")
	@ProblemResponse(status = 422, type = "points-limit-exceeded",
			when = "the points would pay more than the configured share of the payable, or less than one minor unit")
	@ProblemResponse(status = 422, type = "insufficient-points", when = "the balance does not cover the points")
	@ProblemResponse(status = 409, type = "order-points-closed",
			when = "the order's points were reversed (its placement compensated) before this redemption arrived")
	@ProblemResponse(status = 409, type = "order-points-redeemed-differently",
			when = "the order already redeemed points for another member or another amount")
	@ProblemResponse(status = 422, type = "test-run-points",
			when = "the order is load-test traffic: no points are paid in a test run")
	@PostMapping("/internal/members/orders/{orderId}/points-redemption")
	ResponseEntity<OrderPointsPayments.OrderRedemption> redeem(@PathVariable @Pattern(regexp = ORDER_ID) String orderId,
			@Valid @RequestBody RedeemForOrder request) {
		if (TestRun.active()) {
			// A load test never spends real points (ADR-25).
			throw new ProblemException.Unprocessable(ProblemTypes.of("test-run-points"), "No points in load tests",
					"Shadow traffic (test run " + TestRun.current() + ") cannot pay with points.");
		}
		return ResponseEntity.status(201)
			.body(this.payments.redeem(orderId, new MemberId(request.memberId()), request.points(),
					request.payableMinor(), request.currency()));
	}

	record AllowanceRequest(
			@Schema(description = "the payable the points would pay part of, in minor units",
					example = "31060") @Min(0) @Max(100_000_000_000L) long payableMinor,
			@Schema(example = "CNY") @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {
	}

	@Operation(operationId = "getPointsAllowance", summary = "What points could pay of a payable", description = """
			The member's balance and the most points the rules let pay of this payable (and their value), \
			capped by the balance; 0 in another currency than the points'. Nothing is debited: carts show it \
			before checkout. Internal: not routed by the gateway.

			Who may call: the order flow only (staff-issuer client with role service:order-flow).""")
	@ProblemResponse(status = 404, type = "not-found", when = "the member does not exist")
	@PostMapping("/internal/members/{memberId}/points-allowance")
	OrderPointsPayments.PointsAllowance allowance(@PathVariable UUID memberId,
			@Valid @RequestBody AllowanceRequest request) {
		return this.payments.allowance(new MemberId(memberId), request.payableMinor(), request.currency());
	}

	@Operation(operationId = "reverseOrderPoints", summary = "Reverse an order's points", description = """
			Gives back every point the order redeemed and has not given back yet (its placement was \
			compensated or it was cancelled), once; an order without a redemption is closed to points. \
			Internal: not routed by the gateway.

			Who may call: the order flow only (staff-issuer client with role service:order-flow).""")
	@ProblemResponse(status = 404, type = "not-found",
			when = "the order redeemed no points (it is now closed to a late redemption)")
	@PostMapping("/internal/members/orders/{orderId}/points-redemption/reversal")
	OrderPointsRestorations.Restoration reverse(@PathVariable @Pattern(regexp = ORDER_ID) String orderId) {
		return this.restorations.reverse(orderId, true).orElseThrow();
	}

	@Operation(operationId = "restoreOrderPointsForReturn", summary = "Restore points for a return", description = """
			Gives back points for returned lines, once per return id, never more in total than the order \
			redeemed. Internal: not routed by the gateway.

			Who may call: the order flow only (staff-issuer client with role service:order-flow).""")
	@ProblemResponse(status = 404, type = "not-found", when = "the order redeemed no points")
	@ProblemResponse(status = 422, type = "business-rule", when = "the return id is the reserved word 'reversal'")
	@PostMapping("/internal/members/orders/{orderId}/points-redemption/returns")
	OrderPointsRestorations.Restoration restore(@PathVariable @Pattern(regexp = ORDER_ID) String orderId,
			@Valid @RequestBody RestoreForReturn request) {
		return this.restorations.restoreForReturn(orderId, request.returnId(), request.points());
	}

}
