package io.concord.member.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.concord.member.support.MemberApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hourly code limits against SMS pumping (issue 16, H3 member half): per number range and
 * per foreign country, for verification and sign-in codes together, counted in the
 * database under a lock so concurrent requests cannot overshoot. Defaults: 30 per range,
 * 50 per foreign country, 5 per identity.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CodeLimitsIntegrationTests {

	private static final String TOO_MANY = "https://concord.dev/problems/too-many-codes";

	@LocalServerPort
	int port;

	MemberApi api;

	@BeforeEach
	void api() {
		this.api = new MemberApi(this.port);
	}

	@Test
	@DisplayName("H3: codes to many numbers of one range stop at the range's hourly limit, even when requested at once")
	void h3_smsPumpingAcrossOneNumberRangeStopsAtTheRangeLimit() throws Exception {
		// The other tests' numbers are +86139...: this range is this test's alone.
		String range = "+86150" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
		List<Future<MemberApi.Answer>> answers = new ArrayList<>();
		try (ExecutorService pumps = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 40; i++) {
				String number = range + String.format("%04d", i);
				answers.add(pumps.submit(() -> this.api.post("/api/members/verification-codes",
						"{\"type\": \"PHONE\", \"value\": \"" + number + "\"}", null)));
			}
		}
		int sent = 0;
		for (Future<MemberApi.Answer> answer : answers) {
			MemberApi.Answer done = answer.get();
			if (done.status() == 202) {
				sent++;
			}
			else {
				assertThat(done.status()).as(done.body()).isEqualTo(429);
				assertThat(done.field("type")).isEqualTo(TOO_MANY);
				assertThat(done.field("detail")).contains("range");
				assertThat(done.json().path("retryAfterSeconds").asLong()).isBetween(1L, 3600L);
			}
		}
		assertThat(sent).as("exactly the range's limit, whatever the interleaving").isEqualTo(30);

		// Sign-in codes count with them, whether or not anybody holds the number.
		MemberApi.Answer signIn = this.api.post("/api/auth/one-time-codes",
				"{\"type\": \"PHONE\", \"value\": \"" + range + "9999\"}", null);
		assertThat(signIn.status()).isEqualTo(429);
		assertThat(signIn.field("type")).isEqualTo(TOO_MANY);
		// Other ranges are untouched.
		assertThat(this.api
			.post("/api/members/verification-codes",
					"{\"type\": \"PHONE\", \"value\": \"" + MemberApi.newPhone() + "\"}", null)
			.status()).isEqualTo(202);
	}

	@Test
	@DisplayName("H3: codes to one foreign country stop at the country's hourly limit across its ranges")
	void h3_codesToAForeignCountryStopAtTheCountryLimit() {
		for (int i = 0; i < 50; i++) {
			String number = "+447400" + String.format("%02d", i) + "3456";
			MemberApi.Answer sent = this.api.post("/api/members/verification-codes",
					"{\"type\": \"PHONE\", \"value\": \"" + number + "\"}", null);
			assertThat(sent.status()).as(number + " " + sent.body()).isEqualTo(202);
		}
		MemberApi.Answer refused = this.api.post("/api/members/verification-codes",
				"{\"type\": \"PHONE\", \"value\": \"+447400993456\"}", null);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.field("detail")).contains("country");
		assertThat(this.api
			.post("/api/members/verification-codes",
					"{\"type\": \"PHONE\", \"value\": \"" + MemberApi.newPhone() + "\"}", null)
			.status()).as("home numbers have no country limit").isEqualTo(202);
	}

	@Test
	void signInCodeLimitsAnswerTheSameForRegisteredAndUnknownNumbers() {
		String registered = MemberApi.newPhone();
		// Asks for one sign-in code.
		this.api.registerAndSignIn(registered, "APP");
		String unknown = MemberApi.newPhone();
		assertThat(signInCode(unknown)).isEqualTo(202);
		List<List<Integer>> answers = new ArrayList<>();
		for (String phone : List.of(registered, unknown)) {
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				statuses.add(signInCode(phone));
			}
			answers.add(statuses);
		}
		assertThat(answers.get(0)).containsExactly(202, 202, 202, 202, 429).isEqualTo(answers.get(1));
	}

	private int signInCode(String phone) {
		return this.api.post("/api/auth/one-time-codes", "{\"type\": \"PHONE\", \"value\": \"" + phone + "\"}", null)
			.status();
	}

}
