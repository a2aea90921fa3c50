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
class OrderPointsController {

	private static final String ORDER_ID = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";

	record RedeemForOrder(@NotNull UUID memberId, @Min(1) @Max(10_000_000) long points,
			@Min(0) @Max(100_000_000_000L) long payableMinor, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {
	}

	record RestoreForReturn(@NotBlank @Size(max = 64) @Pattern(regexp = ORDER_ID) String returnId,
			@Min(1) @Max(10_000_000) long points) {
	}

	private final OrderPointsPayments payments;

	OrderPointsController(OrderPointsPayments payments) {
		this.payments = payments;
	}

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

	@PostMapping("/internal/members/orders/{orderId}/points-redemption/reversal")
	OrderPointsPayments.Restoration reverse(@PathVariable @Pattern(regexp = ORDER_ID) String orderId) {
		return this.payments.reverse(orderId, true).orElseThrow();
	}

	@PostMapping("/internal/members/orders/{orderId}/points-redemption/returns")
	OrderPointsPayments.Restoration restore(@PathVariable @Pattern(regexp = ORDER_ID) String orderId,
			@Valid @RequestBody RestoreForReturn request) {
		return this.payments.restoreForReturn(orderId, request.returnId(), request.points());
	}

}
