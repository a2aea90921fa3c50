package io.concord.inventory.reservation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What anonymous availability costs the database, counted on PostgreSQL itself: with the
 * tables held by a lock, the statements a request sends show up as sessions waiting for
 * it, one each.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AvailabilityIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	MeterRegistry meters;

	@Test
	@DisplayName("L11: identical availability reads arriving together send one stock query, not one each")
	void l11_identicalConcurrentReadsShareOneStockQuery() throws Exception {
		String sku = stocked(7);
		String path = "/api/inventory/availability?skus=" + sku + "&channel=" + channel(sku);
		assertThat(get(path).body()).contains("\"available\":7");
		double coalescedBefore = coalesced();
		int readers = 8;
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService shoppers = Executors.newFixedThreadPool(readers);
				Connection gate = this.dataSource.getConnection()) {
			gate.setAutoCommit(false);
			try (var lock = gate.createStatement()) {
				lock.execute("lock table stock_level in access exclusive mode");
			}
			for (int i = 0; i < readers; i++) {
				answers.add(shoppers.submit(() -> get(path)));
			}
			await("the other readers join the first one's query")
				.until(() -> coalesced() - coalescedBefore == readers - 1 && stockReadsWaiting() == 1);
			assertThat(stockReadsWaiting()).isEqualTo(1);
			gate.rollback();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).contains("\"available\":7");
			}
		}
		assertThat(coalesced() - coalescedBefore).isEqualTo(readers - 1);
	}

	@Test
	@DisplayName("L11: routes and location regions come from memory: a read sends no query for them")
	void l11_routesAndRegionsAreNotReadPerRequest() throws Exception {
		String sku = stocked(4);
		String path = "/api/inventory/availability?skus=" + sku + "&channel=" + channel(sku) + "&region=CN-SH";
		assertThat(get(path).body()).contains("\"available\":4", "\"availableInRegion\":4");
		try (ExecutorService shopper = Executors.newSingleThreadExecutor();
				Connection gate = this.dataSource.getConnection()) {
			gate.setAutoCommit(false);
			try (var lock = gate.createStatement()) {
				lock.execute("lock table channel_location, sales_channel, location in access exclusive mode");
			}
			Future<HttpResponse<String>> answer = shopper.submit(() -> get(path));
			HttpResponse<String> response;
			try {
				response = answer.get(10, TimeUnit.SECONDS);
			}
			finally {
				assertThat(routingReadsWaiting()).as("no routing query was sent").isZero();
				gate.rollback();
			}
			assertThat(response.body()).contains("\"available\":4", "\"availableInRegion\":4");
		}
	}

	// The cache is not stale: a change through this replica is seen at once, one
	// through another replica within the TTL.
	@Test
	void routingChangesReachTheCachedRoutes() {
		String sku = stocked(6);
		String channel = channel(sku);
		String path = "/api/inventory/availability?skus=" + sku + "&channel=" + channel + "&region=CN-SH";
		assertThat(get(path).body()).contains("\"available\":6", "\"availableInRegion\":6");
		// Through this replica's API: the next read sees it.
		assertThat(TestHttp
			.call(base(), "PUT", "/admin/inventory/locations/WH-" + sku, this.manager,
					"{\"name\":\"Hangzhou DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}")
			.statusCode()).isEqualTo(200);
		assertThat(get(path).body()).contains("\"availableInRegion\":0");
		// Another replica's change (straight to the database): seen once the routes
		// expire.
		this.jdbc.update("update location set region = 'CN-SH' where code = ?", "WH-" + sku);
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> get(path).body().contains("\"availableInRegion\":6"));
	}

	// Sessions waiting on the lock with the availability stock read (not a reservation's
	// locking read of the same table).
	private int stockReadsWaiting() {
		return this.jdbc.queryForObject("""
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'
				  and query like '%as free%' and query not like '%for update%'""", Integer.class);
	}

	private int routingReadsWaiting() {
		return this.jdbc.queryForObject("""
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'
				  and (query like '%channel_location%' or query like '%from location%')""", Integer.class);
	}

	private double coalesced() {
		return this.meters.get("concord.inventory.availability.coalesced").counter().count();
	}

	/**
	 * A SKU with units at its own Shanghai warehouse, routed for a channel of its own
	 * (through the API, as ops do).
	 */
	private String stocked(int units) {
		String sku = "AV-" + UUID.randomUUID().toString().substring(0, 8);
		TestHttp.call(base(), "PUT", "/admin/inventory/skus/" + sku, this.manager, "{\"name\":\"Sneaker\"}");
		TestHttp.call(base(), "PUT", "/admin/inventory/locations/WH-" + sku, this.manager,
				"{\"name\":\"Shanghai DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\"}");
		assertThat(TestHttp
			.call(base(), "PUT", "/admin/inventory/channels/" + channel(sku) + "/locations", this.manager,
					"{\"locations\":[\"WH-" + sku + "\"]}")
			.statusCode()).isEqualTo(200);
		assertThat(TestHttp
			.call(base(), "POST", "/admin/inventory/adjustments", this.manager,
					"{\"sku\":\"" + sku + "\",\"location\":\"WH-" + sku + "\",\"quantity\":" + units
							+ ",\"reason\":\"INITIAL_COUNT\"}")
			.statusCode()).isEqualTo(200);
		return sku;
	}

	private static String channel(String sku) {
		return "AV_" + sku.substring(3).toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z]", "X");
	}

	private HttpResponse<String> get(String path) {
		try {
			return this.http.send(
					HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
