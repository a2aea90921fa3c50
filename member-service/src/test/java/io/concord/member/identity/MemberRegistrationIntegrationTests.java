package io.concord.member.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.concord.platform.test.EventContracts;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemberRegistrationIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static PublishedEvents memberEvents;

	@LocalServerPort
	int port;

	@BeforeAll
	static void listen() {
		memberEvents = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(), MemberTopics.EVENTS);
	}

	@AfterAll
	static void close() {
		memberEvents.close();
	}

	@Test
	void registrationCreatesTheMemberAndPublishesMemberRegistered() throws Exception {
		HttpResponse<String> created = post("{\"displayName\":\" Ada \",\"channel\":\"MINI_PROGRAM\"}",
				UUID.randomUUID().toString());
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode member = JSON.readTree(created.body());
		String memberId = member.path("id").asString();
		assertThat(member.path("displayName").asString()).isEqualTo("Ada");
		assertThat(created.headers().firstValue("Location")).hasValue("/api/members/" + memberId);

		HttpResponse<String> read = get("/api/members/" + memberId);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(read.body()).path("registeredChannel").asString()).isEqualTo("MINI_PROGRAM");

		ReceivedEvent event = memberEvents.await((e) -> memberId.equals(e.subject()), 1).get(0);
		EventContracts.assertConforms(event);
		assertThat(event.type()).isEqualTo("concord.member.MemberRegistered");
		assertThat(event.data().path("memberId").asString()).isEqualTo(memberId);
		assertThat(event.data().path("channel").asString()).isEqualTo("MINI_PROGRAM");
		assertThat(event.attribute("aggregateversion")).isEqualTo("1");
	}

	@Test
	void retriedRegistrationWithTheSameKeyCreatesOneMember() throws Exception {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = post("{\"displayName\":\"Retry\",\"channel\":\"APP\"}", key);
		HttpResponse<String> retry = post("{\"displayName\":\"Retry\",\"channel\":\"APP\"}", key);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(JSON.readTree(retry.body()).path("id").asString())
			.isEqualTo(JSON.readTree(first.body()).path("id").asString());
	}

	@Test
	void badInputAnswersProblemDetails() throws Exception {
		HttpResponse<String> invalid = post("{\"displayName\":\"\",\"channel\":\"APP\"}", UUID.randomUUID().toString());
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("https://concord.dev/problems/validation").contains("displayName");

		HttpResponse<String> unknownChannel = post("{\"displayName\":\"X\",\"channel\":\"FAX\"}",
				UUID.randomUUID().toString());
		assertThat(unknownChannel.statusCode()).isEqualTo(400);
		assertThat(unknownChannel.headers().firstValue("Content-Type")).hasValue("application/problem+json");

		assertThat(post("{\"displayName\":\"X\",\"channel\":\"APP\"}", null).statusCode()).isEqualTo(400);
		assertThat(get("/api/members/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		HttpResponse<String> notAnId = get("/api/members/not-a-uuid");
		assertThat(notAnId.statusCode()).isEqualTo(400);
		assertThat(notAnId.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String body, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/members"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
