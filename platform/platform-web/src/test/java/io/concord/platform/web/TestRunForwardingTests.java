package io.concord.platform.web;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.headerDoesNotExist;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

/** Calls to other services made during a tagged request carry its test run. */
class TestRunForwardingTests {

	@Test
	void aCallMadeWithinATestRunForwardsItsTagAndOtherCallsDoNot() {
		RestClient.Builder builder = RestClient.builder().requestInterceptor(new TestRunForwarding());
		MockRestServiceServer partner = MockRestServiceServer.bindTo(builder).build();
		RestClient client = builder.build();
		partner.expect(requestTo("http://partner/reservations"))
			.andExpect(header(TestRun.HEADER, "run-forward"))
			.andRespond(withSuccess());
		partner.expect(requestTo("http://partner/reservations"))
			.andExpect(headerDoesNotExist(TestRun.HEADER))
			.andRespond(withSuccess());
		TestRun.runWith("run-forward",
				() -> client.post().uri("http://partner/reservations").retrieve().toBodilessEntity());
		client.post().uri("http://partner/reservations").retrieve().toBodilessEntity();
		partner.verify();
	}

}
