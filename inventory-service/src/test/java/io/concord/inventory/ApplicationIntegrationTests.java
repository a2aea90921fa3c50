package io.concord.inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void bootsOnItsOwnMigratedDatabaseAndReportsHealthy() throws Exception {
		assertThat(this.jdbc.queryForObject("select current_database()", String.class)).isEqualTo("inventory_service");
		assertThat(this.jdbc.queryForObject("select count(*) from event_publication", Integer.class)).isNotNull();
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("UP");
	}

	@Test
	void adminDeadLettersAnswer() throws Exception {
		HttpResponse<String> deadLetters = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/admin/inventory/dead-letters"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(deadLetters.statusCode()).isEqualTo(200);
		assertThat(deadLetters.body()).startsWith("[").endsWith("]");
	}

}
