package io.concord.fulfillment.ordering;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import io.concord.platform.web.ProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The simulated provider (dev tools) tells its caller when the shop did not take its
 * callback, as a problem, never as a 500: under a peak rehearsal's overload the callback
 * times out.
 */
class SimulatedPaymentProviderTests {

	@Test
	void aCallbackTheShopDoesNotAnswerIsA504Problem() throws Exception {
		Orders orders = mock(Orders.class);
		Orders.Order order = mock(Orders.Order.class);
		given(order.orderId()).willReturn("ORD-1");
		given(order.payableMinor()).willReturn(19900L);
		given(order.currency()).willReturn("CNY");
		given(orders.get("ORD-1")).willReturn(order);
		SimulatedPaymentProvider provider = new SimulatedPaymentProvider(orders,
				List.of(new Payments.ContributedProvider(Payments.SIMULATED, "secret")), JsonMapper.builder().build(),
				"http://127.0.0.1:" + closedPort() + "/webhooks/payments/simulated");

		ProblemException problem = catchThrowableOfType(ProblemException.class,
				() -> provider.pay(new SimulatedPaymentProvider.PayRequest("ORD-1", null)));

		assertThat(problem).isNotNull();
		assertThat(problem.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(problem.type().toString()).endsWith("/payment-callback-unanswered");
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
