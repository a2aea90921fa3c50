package io.concord.platform.test;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service must do, checked the same way in each: boot on its own migrated
 * database (with the platform's tables), report ready, and answer its admin dead-letter
 * API to staff only. A service's test extends this under
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceApplicationTests {

	private final String database;

	private final String adminBasePath;

	@Value("${local.server.port}")
	int port;

	@Autowired
	JdbcTemplate jdbc;

	protected ServiceApplicationTests(String database, String adminBasePath) {
		this.database = database;
		this.adminBasePath = adminBasePath;
	}

	@Test
	void bootsOnItsOwnMigratedDatabaseAndReportsReady() throws Exception {
		assertThat(this.jdbc.queryForObject("select current_database()", String.class)).isEqualTo(this.database);
		assertThat(
				this.jdbc.queryForObject("select count(*) from flyway_schema_history where not success", Integer.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from event_publication", Integer.class)).isNotNull();
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("UP");
	}

	@Test
	void answersItsAdminDeadLetterApiToStaffOnly() throws Exception {
		HttpResponse<String> deadLetters = get(this.adminBasePath + "/dead-letters",
				TestIssuers.get().staffToken("ops-1", "ops-viewer"));
		assertThat(deadLetters.statusCode()).isEqualTo(200);
		assertThat(deadLetters.body()).startsWith("[").endsWith("]");
		assertThat(get(this.adminBasePath + "/dead-letters", null).statusCode()).isEqualTo(401);
		assertThat(get(this.adminBasePath + "/dead-letters", TestIssuers.get().forgedStaffToken("mallory", "admin"))
			.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return get(path, null);
	}

	private HttpResponse<String> get(String path, String token) {
		return TestHttp.call("http://localhost:" + this.port, "GET", path, token, null);
	}

}
