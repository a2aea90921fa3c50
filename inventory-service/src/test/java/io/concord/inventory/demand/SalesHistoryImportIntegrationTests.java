package io.concord.inventory.demand;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sales history import on PostgreSQL: it replaces only what the file speaks about,
 * and a file too large (in bytes or in rows) is refused whole, streamed, before anything
 * is written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SalesHistoryImportIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> CSV = Map.of("Content-Type", "text/csv");

	private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	@DisplayName("L14: an import replaces only the SKU x locations and days it names, never another SKU's history")
	void l14_anImportReplacesOnlyTheSkuLocationsAndDaysItNames() {
		String jacket = stocked("JACKET");
		String scarf = stocked("SCARF");
		assertThat(importCsv(days(jacket, 1, 5, 10)).statusCode()).isEqualTo(200);
		assertThat(importCsv(days(scarf, 1, 5, 7)).statusCode()).isEqualTo(200);
		assertThat(imported(jacket)).as("the scarf's file leaves the jacket alone").isEqualTo(50);
		assertThat(imported(scarf)).isEqualTo(35);

		// The jacket again, for days 2 to 3 only: those are replaced, days 1, 4 and 5
		// stay.
		assertThat(importCsv(days(jacket, 2, 3, 1)).statusCode()).isEqualTo(200);
		assertThat(imported(jacket)).isEqualTo(10 + 1 + 1 + 10 + 10);
		assertThat(imported(scarf)).isEqualTo(35);
		// Same SKU at another location of the same file is its own series.
		assertThat(this.jdbc.queryForObject("select count(distinct location_code) from daily_demand where sku = ?",
				Integer.class, jacket))
			.isEqualTo(1);
	}

	@Test
	@DisplayName("L14: a file with more rows than the limit is refused with 413 and nothing is imported")
	void l14_aFileWithMoreRowsThanTheLimitIsRefusedAndNothingImported() throws Exception {
		// Short codes keep 1,000,001 rows (20 bytes each) under the 20MB body limit, so
		// the row limit is what refuses them.
		String sku = shortCode();
		String location = "L" + sku;
		this.jdbc.update("insert into location (code, name, type) values (?, 'Warehouse', 'WAREHOUSE')", location);
		this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, location);
		int rows = 1_000_001;
		byte[] header = "date,sku,location,quantity\n".getBytes(StandardCharsets.UTF_8);
		InputStream body = new InputStream() {

			private int row = -1;

			private byte[] line = header;

			private int at;

			@Override
			public int read() {
				if (this.at == this.line.length) {
					if (++this.row >= rows) {
						return -1;
					}
					this.line = (DAY.minusDays(this.row % 3000) + "," + sku + "," + location + ",1\n")
						.getBytes(StandardCharsets.UTF_8);
					this.at = 0;
				}
				return this.line[this.at++];
			}

		};
		HttpResponse<String> refused = post(body);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://concord.dev/problems/too-many-rows");
		assertThat(problem.path("maxRows").asInt()).isEqualTo(1_000_000);
		assertThat(imported(sku)).isZero();
	}

	@Test
	@DisplayName("L14: a history body over its 20MB limit is refused with 413 as it streams in; the service stays up")
	void l14_aBodyOverTheImportLimitIsRefused() throws Exception {
		String sku = stocked("BYTES");
		byte[] header = "date,sku,location,quantity\n".getBytes(StandardCharsets.UTF_8);
		InputStream body = new InputStream() {

			private long left = 21L * 1024 * 1024;

			private int at;

			@Override
			public int read() {
				if (this.at < header.length) {
					return header[this.at++];
				}
				// One row padded with a very long price column... until the limit.
				return (this.left-- > 0) ? 'x' : -1;
			}

		};
		HttpResponse<String> refused = post(body);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
		assertThat(JSON.readTree(refused.body()).path("type").asString())
			.isEqualTo("https://concord.dev/problems/content-too-large");
		assertThat(JSON.readTree(refused.body()).path("maxBodySize").asLong()).isEqualTo(20L * 1024 * 1024);
		assertThat(TestHttp.call(base(), "GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
		assertThat(imported(sku)).isZero();
	}

	@Test
	void theExportOfOneSkuHoldsOnlyThatSkusSeries() {
		String jacket = stocked("JACKET");
		String scarf = stocked("SCARF");
		assertThat(importCsv(days(jacket, 1, 2, 4)).statusCode()).isEqualTo(200);
		assertThat(importCsv(days(scarf, 1, 2, 6)).statusCode()).isEqualTo(200);
		String range = "from=" + DAY + "&to=" + DAY.plusDays(1);

		HttpResponse<String> one = TestHttp.call(base(), "GET",
				"/admin/inventory/demand/history?" + range + "&sku=" + jacket, this.manager, null);
		assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
		assertThat(one.body()).isEqualTo("date,sku,location,quantity,price,promo\n" + DAY + "," + jacket + ",WH-"
				+ jacket + ",4,,false\n" + DAY.plusDays(1) + "," + jacket + ",WH-" + jacket + ",4,,false\n");
		assertThat(TestHttp.call(base(), "GET", "/admin/inventory/demand/history?" + range, this.manager, null).body())
			.as("without sku: every SKU")
			.contains(jacket, scarf);
	}

	@Test
	void aFileLargerThanTheServicesDefaultBodyLimitIsImported() {
		String sku = stocked("LARGE");
		// About 2MB: past the 1MB every other endpoint takes.
		StringBuilder csv = new StringBuilder("date,sku,location,quantity\n");
		int rows = 0;
		while (csv.length() < 2 * 1024 * 1024) {
			csv.append(DAY.minusDays(rows % 4000)).append(',').append(sku).append(",WH-").append(sku).append(",1\n");
			rows++;
		}
		HttpResponse<String> imported = importCsv(csv.toString());
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		assertThat(JSON.readTree(imported.body()).path("rows").asInt()).isEqualTo(rows);
		assertThat(imported(sku)).isEqualTo(rows);
	}

	// A two-character SKU no other test uses.
	private String shortCode() {
		String alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
		java.util.Random random = new java.util.Random();
		while (true) {
			String sku = "" + alphabet.charAt(random.nextInt(alphabet.length()))
					+ alphabet.charAt(random.nextInt(alphabet.length()));
			if (this.jdbc.update("insert into sku (sku, name) values (?, 'Short') on conflict do nothing", sku) == 1) {
				return sku;
			}
		}
	}

	private String stocked(String prefix) {
		String sku = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name) values (?, ?)", sku, "Test " + sku);
		this.jdbc.update("insert into location (code, name, type) values (?, 'Warehouse', 'WAREHOUSE')", "WH-" + sku);
		this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, "WH-" + sku);
		return sku;
	}

	private static String days(String sku, int first, int last, int quantity) {
		StringBuilder csv = new StringBuilder("date,sku,location,quantity\n");
		for (int day = first; day <= last; day++) {
			csv.append(DAY.plusDays(day - 1))
				.append(',')
				.append(sku)
				.append(",WH-")
				.append(sku)
				.append(',')
				.append(quantity)
				.append('\n');
		}
		return csv.toString();
	}

	private int imported(String sku) {
		return this.jdbc.queryForObject(
				"select coalesce(sum(quantity), 0) from daily_demand where sku = ? and channel = 'IMPORTED'",
				Integer.class, sku);
	}

	private HttpResponse<String> importCsv(String csv) {
		return TestHttp.call(base(), "POST", "/admin/inventory/demand/history", this.manager, csv, CSV);
	}

	// Streamed, without a length: Transfer-Encoding: chunked.
	private HttpResponse<String> post(InputStream body) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return http.send(HttpRequest.newBuilder(URI.create(base() + "/admin/inventory/demand/history"))
			.timeout(Duration.ofSeconds(120))
			.header("Content-Type", "text/csv")
			.header("Authorization", "Bearer " + this.manager)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
