package io.concord.inventory.demand;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.inventory.reservation.Reservations;
import io.concord.inventory.stock.StockLedger;
import io.concord.platform.test.EventContracts;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestInfrastructure;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.ProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Demand end to end in inventory-service: imported history and placed orders (over Kafka,
 * counted once) become daily demand; a requested forecast run, carried out by the job
 * process's runner, stores forecasts with intervals, the model and its version, or fails
 * and keeps the previous ones; replenishment publishes {@code ReplenishmentSuggested}
 * where the position is below the reorder point, once; purchase orders and receipts move
 * the supply on order; the stock-gap report names what runs out; an allocation plan moves
 * stock and fences channels for a campaign when ops approve it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForecastingIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final java.util.Map<String, String> CSV = java.util.Map.of("Content-Type", "text/csv");

	private static final int[] NORTH_WEEK = { 8, 9, 10, 11, 12, 15, 5 };

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Reservations reservations;

	@Autowired
	StockLedger ledger;

	@Autowired
	ForecastRuns runs;

	@Autowired
	DemandForecasts forecasts;

	@Autowired
	ForecastInputs inputs;

	@Autowired
	DemandSettings settings;

	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactionManager;

	private final String manager = TestIssuers.get().staffToken("ops-1", "ops-manager");

	@Test
	void ordersBecomeHistoryThenForecastsThenOneReplenishmentSuggestion() throws Exception {
		String sku = catalogued(20, 500);
		String north = "N-" + sku;
		String south = "S-" + sku;
		HttpResponse<String> imported = TestHttp.call(base(), "POST", "/admin/inventory/demand/history", this.manager,
				history(sku, north, south), CSV);
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		assertThat(imported.body()).contains("\"rows\":168", "\"series\":2");

		// An order placed today, its event delivered twice and republished under a new
		// id: counted once.
		String order = "ORD-" + UUID.randomUUID();
		this.reservations.reserve(new Reservations.ReserveRequest(order, "APP", null,
				List.of(new Reservations.Line(sku, 3)), Duration.ofMinutes(15)));
		EventFixtures.OutgoingEvent placed = placed(order, "APP", sku, 3);
		EventFixtures.send("concord.fulfillment.events.v1", placed);
		EventFixtures.send("concord.fulfillment.events.v1", placed);
		EventFixtures.send("concord.fulfillment.events.v1", placed.withId(UUID.randomUUID().toString()));
		await().until(() -> demandToday(sku, north) == 3);
		await().during(Duration.ofMillis(300)).until(() -> demandToday(sku, north) == 3);
		HttpResponse<String> exported = TestHttp.call(base(), "GET",
				"/admin/inventory/demand/history?from=" + LocalDate.now().minusDays(2), this.manager, null);
		assertThat(exported.body()).startsWith("date,sku,location,quantity,price,promo\n")
			.contains(LocalDate.now() + "," + sku + "," + north + ",3,,false");

		// Requested through the API, one at a time; the service itself forecasts nothing.
		HttpResponse<String> requested = TestHttp.call(base(), "POST", "/admin/inventory/forecasts/runs", this.manager,
				null);
		assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
		JsonNode run = JSON.readTree(requested.body());
		assertThat(run.path("status").asString()).isEqualTo("REQUESTED");
		assertThat(run.path("startedAt").isNull()).isTrue();
		assertThat(requested.headers().firstValue("Location"))
			.hasValue("/admin/inventory/forecasts/runs/" + run.path("id").asLong());
		HttpResponse<String> again = TestHttp.call(base(), "POST", "/admin/inventory/forecasts/runs", this.manager,
				null);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("forecast-run-in-progress");
		assertThatExceptionOfType(ProblemException.Conflict.class)
			.isThrownBy(() -> this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test"));
		Thread.sleep(300);
		assertThat(this.runs.find(run.path("id").asLong()).status()).as("nothing runs it in the service")
			.isEqualTo("REQUESTED");
		try (PublishedEvents events = PublishedEvents.from(TestInfrastructure.get().kafkaBootstrapServers(),
				"concord.inventory.events.v1")) {
			// The job process claims it (same code path as ForecastJob).
			ForecastRuns.Run done = runner("job-a:1", ForecastJobRunner.Forecaster.CATALOGUE).runDue().orElseThrow();
			assertThat(done.id()).isEqualTo(run.path("id").asLong());
			assertThat(done.status()).as(String.valueOf(done.failure())).isEqualTo("SUCCEEDED");
			assertThat(this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test").status())
				.as("the next may be requested")
				.isEqualTo("REQUESTED");
			this.jdbc.update("update forecast_run set status = 'FAILED', failure = 'test' where status = 'REQUESTED'");
			JsonNode followed = JSON.readTree(
					TestHttp.call(base(), "GET", "/admin/inventory/forecasts/runs/" + done.id(), this.manager, null)
						.body());
			assertThat(followed.path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(followed.path("runner").asString()).isEqualTo("job-a:1");
			assertThat(followed.path("model").path("name").asString()).isEqualTo("Ensemble");
			assertThat(followed.path("model").path("version").asString()).isEqualTo(CatalogueForecaster.VERSION);
			assertThat(followed.path("model").path("artefactSha256").asString()).matches("[0-9a-f]{64}");
			assertThat(followed.path("model").path("trainingRows").asInt()).isPositive();
			assertThat(followed.path("model").path("blend").asString()).as("the blend the run learned")
				.matches("global [01]\\.[0-9] \\+ (selection|inverse-error combination), level x[0-9.]+");
			assertThat(followed.path("series").asInt()).isGreaterThanOrEqualTo(2);
			assertThat(followed.path("censoredDays").asInt()).isZero();
			assertThat(Instant.parse(followed.path("requestedAt").asString()))
				.isBeforeOrEqualTo(Instant.parse(followed.path("startedAt").asString()));
			assertThat(Instant.parse(followed.path("startedAt").asString()))
				.isBeforeOrEqualTo(Instant.parse(followed.path("finishedAt").asString()));
			assertThat(this.jdbc.queryForObject(
					"select encode(sha256(artefact), 'hex') from forecast_model m join forecast_run r on r.model_id = m.id where r.id = ?",
					String.class, done.id()))
				.as("the stored artefact is the one the run names")
				.isEqualTo(followed.path("model").path("artefactSha256").asString());
			assertThat(TestHttp.call(base(), "GET", "/admin/inventory/forecasts/runs", this.manager, null).body())
				.contains("\"runner\":\"job-a:1\"");

			JsonNode forecast = JSON
				.readTree(TestHttp.call(base(), "GET", "/admin/inventory/forecasts/" + sku, this.manager, null).body());
			assertThat(forecast).hasSize(2);
			JsonNode northForecast = forecast.get(0);
			assertThat(northForecast.path("location").asString()).isEqualTo(north);
			assertThat(northForecast.path("model").asString()).isEqualTo("Ensemble");
			assertThat(northForecast.path("modelName").asString()).isEqualTo("Ensemble");
			assertThat(northForecast.path("modelVersion").asString()).isEqualTo(CatalogueForecaster.VERSION);
			assertThat(northForecast.path("runId").asLong()).isEqualTo(done.id());
			assertThat(northForecast.path("days")).hasSize(28);
			double weekly = 0;
			for (int d = 0; d < 7; d++) {
				JsonNode day = northForecast.path("days").get(d);
				assertThat(day.path("lower95").asDouble()).isLessThanOrEqualTo(day.path("lower80").asDouble());
				assertThat(day.path("lower80").asDouble()).isLessThanOrEqualTo(day.path("mean").asDouble());
				assertThat(day.path("mean").asDouble()).isLessThanOrEqualTo(day.path("upper80").asDouble());
				assertThat(day.path("upper80").asDouble()).isLessThan(day.path("upper95").asDouble());
				weekly += day.path("mean").asDouble();
			}
			assertThat(weekly).as("a week's demand at the north warehouse").isBetween(60.0, 80.0);
			assertThat(forecast.get(1).path("days").get(0).path("mean").asDouble()).isBetween(0.5, 4.0);

			// North: 20 units, ~10 a day, 7 days' lead time: below its reorder point.
			// South: 500 units for ~2 a day: nothing to do.
			ReceivedEvent suggested = events
				.await((e) -> e.type().equals("concord.inventory.ReplenishmentSuggested") && sku.equals(e.subject()), 1)
				.get(0);
			EventContracts.assertConforms(suggested);
			assertThat(suggested.data().path("location").asString()).isEqualTo(north);
			assertThat(suggested.data().path("supplierId").asString()).isEqualTo("SUP-" + sku);
			int quantity = suggested.data().path("quantity").asInt();
			// Order-up-to ~ 14 days' demand plus safety stock, minus the 17 left.
			assertThat(quantity).isBetween(120, 260);
			assertThat(Instant.parse(suggested.data().path("needBy").asString()))
				.isBetween(Instant.now().plus(Duration.ofDays(6)), Instant.now().plus(Duration.ofDays(8)));
		}
		JsonNode plans = JSON
			.readTree(TestHttp.call(base(), "GET", "/admin/inventory/replenishment/" + sku, this.manager, null).body());
		assertThat(plans.get(0).path("position").path("onHand").asInt()).isEqualTo(20);
		assertThat(plans.get(0).path("position").path("reserved").asInt()).isEqualTo(3);
		assertThat(plans.get(0).path("openSuggestion").path("status").asString()).isEqualTo("OPEN");
		assertThat(plans.get(1).path("quantityToOrder").asInt()).isZero();
		assertThat(plans.get(0).path("safetyStock").asInt()).isPositive();
		assertThat(plans.get(0).path("reorderPoint").asInt()).isGreaterThan(plans.get(0).path("safetyStock").asInt());

		// Evaluating again while the suggestion is open suggests nothing more.
		TestHttp.call(base(), "POST", "/admin/inventory/replenishment/evaluations", this.manager, null);
		assertThat(openSuggestions(sku)).isEqualTo(1);

		// The gap report sees the north warehouse run out within days.
		JsonNode gaps = JSON
			.readTree(TestHttp.call(base(), "GET", "/admin/inventory/stock-gaps?days=14", this.manager, null).body());
		JsonNode gap = null;
		for (JsonNode candidate : gaps) {
			if (candidate.path("sku").asString().equals(sku)) {
				assertThat(gap).as("only the north warehouse runs short").isNull();
				gap = candidate;
			}
		}
		assertThat(gap).isNotNull();
		assertThat(gap.path("location").asString()).isEqualTo(north);
		assertThat(gap.path("available").asInt()).isEqualTo(17);
		assertThat(gap.path("daysOfCover").asInt()).isBetween(0, 3);
		assertThat(TestHttp.call(base(), "GET", "/admin/inventory/stock-gaps?days=0", this.manager, null).statusCode())
			.isEqualTo(400);

		// The purchase order is sent: the suggestion is ordered and the units are on
		// order until received.
		String po = "PO-" + UUID.randomUUID();
		EventFixtures.send("concord.fulfillment.supplier-orders.v1",
				EventFixtures.OutgoingEvent.of("concord.fulfillment.PurchaseOrderSent", po, """
						{"purchaseOrderId": "%s", "supplierId": "SUP-%s", "location": "%s", "currency": "CNY",
						 "lines": [{"sku": "%s", "quantity": 200, "unitPriceMinor": 1000}],
						 "needBy": "%s", "emergency": false, "sentAt": "%s"}""".formatted(po, sku, north, sku,
						Instant.now().plus(Duration.ofDays(7)), Instant.now())));
		await().until(() -> openSuggestions(sku) == 0);
		await().until(() -> plan(sku).path("position").path("onOrder").asInt() == 200);
		EventFixtures.send("concord.fulfillment.events.v1",
				EventFixtures.OutgoingEvent.of("concord.fulfillment.GoodsReceived", "GR-" + po, """
						{"receiptId": "GR-%s", "purchaseOrderId": "%s", "supplierId": "SUP-%s", "location": "%s",
						 "lines": [{"sku": "%s", "quantity": 150}], "source": "PURCHASE_ORDER", "receivedAt": "%s"}"""
					.formatted(po, po, sku, north, sku, Instant.now())));
		await().until(() -> plan(sku).path("position").path("onOrder").asInt() == 50);
		assertThat(plan(sku).path("position").path("onHand").asInt()).isEqualTo(170);
	}

	@Test
	void aPreSalePlanMovesStockTowardsDemandAndFencesChannelsOnceApproved() throws Exception {
		String sku = catalogued(20, 500);
		String north = "N-" + sku;
		String south = "S-" + sku;
		assertThat(TestHttp
			.call(base(), "POST", "/admin/inventory/demand/history", this.manager, history(sku, north, south), CSV)
			.statusCode()).isEqualTo(200);
		// Recent orders: 3 units in the app, 1 in the livestream channel.
		for (String channel : List.of("APP", "APP", "APP", "LIVESTREAM")) {
			String order = "ORD-" + UUID.randomUUID();
			this.reservations.reserve(new Reservations.ReserveRequest(order, channel, null,
					List.of(new Reservations.Line(sku, 1)), Duration.ofMinutes(15)));
			EventFixtures.send("concord.fulfillment.events.v1", placed(order, channel, sku, 1));
		}
		await().until(() -> demandToday(sku, north) + demandToday(sku, south) == 4);
		this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test");
		assertThat(runner("job-b:1", ForecastJobRunner.Forecaster.CATALOGUE).runDue().orElseThrow().status())
			.isEqualTo("SUCCEEDED");

		String campaign = "CMP-" + UUID.randomUUID();
		Instant starts = LocalDate.now().plusDays(3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
		this.jdbc.update("insert into campaign (campaign_id, starts_at, ends_at) values (?, ?, ?)", campaign,
				java.sql.Timestamp.from(starts), java.sql.Timestamp.from(starts.plus(Duration.ofDays(2))));
		HttpResponse<String> proposed = TestHttp.call(base(), "POST", "/admin/inventory/allocation-plans", this.manager,
				"{\"campaignId\":\"" + campaign + "\",\"skus\":[\"" + sku + "\"],\"fencePercent\":50}");
		assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
		JsonNode plan = JSON.readTree(proposed.body());
		assertThat(plan.path("status").asString()).isEqualTo("PROPOSED");
		// 516 free units (20 + 500 - 4 reserved) split by forecast demand, about 5:1.
		int northTarget = target(plan, north);
		int southTarget = target(plan, south);
		assertThat(northTarget + southTarget).isEqualTo(516);
		assertThat((double) northTarget / southTarget).isBetween(2.5, 10.0);
		JsonNode transfer = plan.path("transfers").get(0);
		assertThat(plan.path("transfers")).hasSize(1);
		assertThat(transfer.path("from").asString()).isEqualTo(south);
		assertThat(transfer.path("to").asString()).isEqualTo(north);
		int moved = transfer.path("quantity").asInt();
		assertThat(moved).as("north holds 16 free units").isEqualTo(northTarget - 16);
		// Half of what stays free, fenced 3:1 between the app and the livestream.
		JsonNode fences = plan.path("fences");
		assertThat(fences).hasSize(2);
		int fenceable = (516 - moved) / 2;
		assertThat(fences.get(0).path("channel").asString()).isEqualTo("APP");
		assertThat(fences.get(0).path("quantity").asInt()).isEqualTo((int) Math.floor(fenceable * 0.75));
		assertThat(fences.get(1).path("quantity").asInt()).isEqualTo((int) Math.floor(fenceable * 0.25));
		assertThat(this.ledger.level(sku, south).onHand()).as("nothing moves before approval").isEqualTo(500);

		String viewer = TestIssuers.get().staffToken("ops-2", "ops-viewer");
		String approval = "/admin/inventory/allocation-plans/" + plan.path("id").asLong() + "/approval";
		assertThat(TestHttp.call(base(), "POST", approval, viewer, null).statusCode()).isEqualTo(403);
		HttpResponse<String> approved = TestHttp.call(base(), "POST", approval, this.manager, null);
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
		JsonNode done = JSON.readTree(approved.body());
		assertThat(done.path("status").asString()).isEqualTo("APPROVED");
		assertThat(done.path("transfers").get(0).path("transferId").isNumber()).isTrue();
		assertThat(done.path("fences").get(0).path("fenceId").isNumber()).isTrue();
		assertThat(this.ledger.level(sku, south).onHand()).isEqualTo(500 - moved);
		assertThat(this.ledger.level(sku, north).inTransit()).isEqualTo(moved);
		assertThat(this.jdbc.queryForObject("select count(*) from ring_fence where sku = ? and campaign_id = ?",
				Integer.class, sku, campaign))
			.isEqualTo(2);
		HttpResponse<String> again = TestHttp.call(base(), "POST", approval, this.manager, null);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("allocation-plan-decided");
		assertThat(TestHttp
			.call(base(), "POST", "/admin/inventory/allocation-plans", this.manager,
					"{\"campaignId\":\"NO-SUCH-CAMPAIGN\"}")
			.statusCode()).isEqualTo(404);
		assertThat(TestHttp
			.call(base(), "POST", "/admin/inventory/allocation-plans", this.manager,
					"{\"campaignId\":\"" + campaign + "\",\"fencePercent\":150}")
			.statusCode()).isEqualTo(400);
	}

	@Test
	void badHistoryFilesAreRefusedWholeWithTheirLines() {
		String sku = catalogued(0, 0);
		HttpResponse<String> refused = TestHttp
			.call(base(), "POST", "/admin/inventory/demand/history", this.manager,
					"date,sku,location,quantity\n2026-01-01," + sku + ",N-" + sku + ",4\n2026-01-02," + sku + ",N-"
							+ sku + ",-1\nnot-a-date," + sku + ",N-" + sku + ",1\n2026-01-03," + sku + ",NOWHERE,1\n",
					CSV);
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("invalid-sales-history", "line 3", "line 4",
				sku + " is not stocked at NOWHERE");
		assertThat(this.jdbc.queryForObject("select count(*) from daily_demand where sku = ?", Integer.class, sku))
			.isZero();
		assertThat(TestHttp.call(base(), "POST", "/admin/inventory/demand/history", this.manager, "sku,qty\n", CSV)
			.statusCode()).isEqualTo(422);
		assertThat(
				TestHttp.call(base(), "GET", "/admin/inventory/forecasts/NO-SUCH-SKU", this.manager, null).statusCode())
			.isEqualTo(404);
		assertThat(TestHttp
			.call(base(), "PUT", "/admin/inventory/config/replenishment-policies/" + sku + "/N-" + sku, this.manager,
					"{\"leadTimeDays\":3,\"reviewDays\":7,\"serviceLevel\":0.98}")
			.statusCode()).as("policies are configuration: admins only").isEqualTo(403);
		String admin = TestIssuers.get().staffToken("boss", "admin");
		HttpResponse<String> configured = TestHttp.call(base(), "PUT",
				"/admin/inventory/config/replenishment-policies/" + sku + "/N-" + sku, admin,
				"{\"leadTimeDays\":3,\"reviewDays\":7,\"serviceLevel\":0.98,\"minimumOrder\":24}");
		assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
		assertThat(configured.body()).contains("\"leadTimeDays\":3", "\"supplierId\":\"SUP-" + sku + "\"",
				"\"minimumOrder\":24", "\"configured\":true");
		assertThat(TestHttp
			.call(base(), "PUT", "/admin/inventory/config/replenishment-policies/" + sku + "/N-" + sku, admin,
					"{\"leadTimeDays\":3,\"reviewDays\":7,\"serviceLevel\":1.5}")
			.statusCode()).isEqualTo(400);
		assertThat(TestHttp
			.call(base(), "PUT", "/admin/inventory/config/replenishment-policies/" + sku + "/NOWHERE", admin,
					"{\"leadTimeDays\":3,\"reviewDays\":7,\"serviceLevel\":0.9}")
			.statusCode()).isEqualTo(404);
	}

	@Test
	void accuracyComparesEachPastDayWithTheForecastMadeBeforeIt() {
		String sku = catalogued(0, 0);
		String north = "N-" + sku;
		LocalDate today = this.forecasts.today();
		long run = this.jdbc.queryForObject("""
				insert into forecast_run (trigger, status, requested_by, first_day, horizon, started_at)
				values ('ON_DEMAND', 'SUCCEEDED', 'test', ?, 28, now()) returning id""", Long.class,
				java.sql.Date.valueOf(today.minusDays(2)));
		this.jdbc.update("""
				insert into demand_forecast (sku, location_code, run_id, model, promotion_lift, sigma, first_day,
				  generated_at) values (?, ?, ?, 'SBA', 1, 2, ?, now())""", sku, north, run,
				java.sql.Date.valueOf(today.minusDays(2)));
		for (int d = 2; d >= 1; d--) {
			this.jdbc.update("""
					insert into demand_forecast_day (sku, location_code, day, mean, lower80, upper80, lower95, upper95,
					  run_id) values (?, ?, ?, 10, 8, 12, 6, 14, ?)""", sku, north,
					java.sql.Date.valueOf(today.minusDays(d)), run);
		}
		// Actuals 8 (app) and 12 + 4 (app, livestream) against forecasts of 10 and 10:
		// WAPE (2 + 6) / 24 = 33.3%, bias (20 - 24) / 24 = -16.7%.
		this.jdbc.update("""
				insert into daily_demand (sku, location_code, channel, day, quantity) values
				(?, ?, 'APP', ?, 8), (?, ?, 'APP', ?, 12), (?, ?, 'LIVESTREAM', ?, 4)""", sku, north,
				java.sql.Date.valueOf(today.minusDays(2)), sku, north, java.sql.Date.valueOf(today.minusDays(1)), sku,
				north, java.sql.Date.valueOf(today.minusDays(1)));
		DemandForecasts.Accuracy accuracy = this.forecasts.accuracy(sku, north);
		assertThat(accuracy.days()).isEqualTo(2);
		assertThat(accuracy.actualUnits()).isEqualTo(24);
		assertThat(accuracy.wapePercent()).isCloseTo(100.0 * 8 / 24, org.assertj.core.api.Assertions.within(1e-9));
		assertThat(accuracy.biasPercent()).isCloseTo(-100.0 * 4 / 24, org.assertj.core.api.Assertions.within(1e-9));
		assertThat(TestHttp.call(base(), "GET", "/admin/inventory/forecasts/" + sku, this.manager, null).body())
			.contains("\"accuracy\":{\"days\":2,\"actualUnits\":24,\"forecastUnits\":20.0,\"wapePercent\":33.3");
	}

	@Test
	void aFailedRunKeepsEveryPreviousForecastAndSaysSo() throws Exception {
		String sku = catalogued(20, 500);
		assertThat(TestHttp
			.call(base(), "POST", "/admin/inventory/demand/history", this.manager, history(sku, "N-" + sku, "S-" + sku),
					CSV)
			.statusCode()).isEqualTo(200);
		this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test");
		ForecastRuns.Run first = runner("job-a:1", ForecastJobRunner.Forecaster.CATALOGUE).runDue().orElseThrow();
		assertThat(first.status()).isEqualTo("SUCCEEDED");
		List<java.util.Map<String, Object>> before = storedForecasts(sku);
		assertThat(before).hasSize(2 * 28);
		int models = this.jdbc.queryForObject("select count(*) from forecast_model", Integer.class);

		// The forecaster fails: nothing is written.
		long failing = this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test").id();
		ForecastRuns.Run failed = runner("job-a:1", (inputs, horizon) -> {
			throw new IllegalStateException("training diverged");
		}).runDue().orElseThrow();
		assertThat(failed.id()).isEqualTo(failing);
		assertThat(failed.status()).isEqualTo("FAILED");
		assertThat(failed.failure()).contains("training diverged", "the previous forecasts stay in use");
		assertThat(failed.finishedAt()).isNotNull();
		assertThat(storedForecasts(sku)).isEqualTo(before);

		// Writing fails after part of the forecasts went in (one series' model name is
		// too long for its column): the whole write is undone.
		this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test");
		ForecastRuns.Run halfWritten = runner("job-a:1", (inputs, horizon) -> {
			io.concord.forecasting.CatalogueForecaster.Result result = ForecastJobRunner.Forecaster.CATALOGUE
				.forecast(inputs, horizon);
			List<io.concord.forecasting.DemandForecaster.Forecast> forecasts = new java.util.ArrayList<>(
					result.forecasts());
			io.concord.forecasting.DemandForecaster.Forecast last = forecasts.get(forecasts.size() - 1);
			forecasts.set(forecasts.size() - 1,
					new io.concord.forecasting.DemandForecaster.Forecast("X".repeat(40), last.mean(), last.lower80(),
							last.upper80(), last.lower95(), last.upper95(), last.promotionLift(), last.sigma()));
			return new io.concord.forecasting.CatalogueForecaster.Result(result.model(), forecasts);
		}).runDue().orElseThrow();
		assertThat(halfWritten.status()).isEqualTo("FAILED");
		assertThat(halfWritten.model()).isNull();
		assertThat(storedForecasts(sku)).isEqualTo(before);
		assertThat(this.jdbc.queryForObject("select count(*) from forecast_model", Integer.class))
			.as("the artefact of a failed run is not kept")
			.isEqualTo(models);
		JsonNode forecast = JSON
			.readTree(TestHttp.call(base(), "GET", "/admin/inventory/forecasts/" + sku, this.manager, null).body());
		assertThat(forecast.get(0).path("runId").asLong()).isEqualTo(first.id());
		assertThat(forecast.get(0).path("modelVersion").asString()).isEqualTo(CatalogueForecaster.VERSION);
	}

	@Test
	void twoJobProcessesClaimingAtOnceRunOneRun() throws Exception {
		for (int attempt = 0; attempt < 5; attempt++) {
			long requested = this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test").id();
			ForecastJobRunner a = runner("job-a:1", ForecastJobRunner.Forecaster.CATALOGUE);
			ForecastJobRunner b = runner("job-b:2", ForecastJobRunner.Forecaster.CATALOGUE);
			java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
			java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
			try {
				java.util.concurrent.Future<java.util.Optional<Long>> first = threads.submit(() -> {
					together.await(10, java.util.concurrent.TimeUnit.SECONDS);
					return a.claim();
				});
				java.util.concurrent.Future<java.util.Optional<Long>> second = threads.submit(() -> {
					together.await(10, java.util.concurrent.TimeUnit.SECONDS);
					return b.claim();
				});
				java.util.Optional<Long> claimedByA = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
				java.util.Optional<Long> claimedByB = second.get(30, java.util.concurrent.TimeUnit.SECONDS);
				assertThat(claimedByA.isPresent() ^ claimedByB.isPresent()).as("exactly one claims it").isTrue();
				assertThat(claimedByA.or(() -> claimedByB)).hasValue(requested);
				ForecastRuns.Run claimed = this.runs.find(requested);
				assertThat(claimed.status()).isEqualTo("RUNNING");
				assertThat(claimed.runner()).isEqualTo(claimedByA.isPresent() ? "job-a:1" : "job-b:2");
				assertThat(claimed.startedAt()).isNotNull();
				assertThat(a.claim()).as("nothing more while it runs").isEmpty();
				assertThat(this.jdbc.queryForObject(
						"select count(*) from forecast_run where status in ('REQUESTED', 'RUNNING')", Integer.class))
					.isEqualTo(1);
			}
			finally {
				threads.shutdownNow();
				this.jdbc.update("update forecast_run set status = 'FAILED', failure = 'test', finished_at = now() "
						+ "where status = 'RUNNING'");
			}
		}
	}

	@Test
	void aJobProcessStoppedDuringARunFailsItAtOnceAndClaimsNothingMore() {
		long requested = this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test").id();
		ForecastJobRunner job = runner("job-s:9", ForecastJobRunner.Forecaster.CATALOGUE);
		assertThat(job.claim()).hasValue(requested);
		job.stop();
		ForecastRuns.Run stopped = this.runs.find(requested);
		assertThat(stopped.status()).isEqualTo("FAILED");
		assertThat(stopped.failure()).contains("shut down", "the previous forecasts stay in use");
		long next = this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test").id();
		assertThat(job.claim()).as("a stopping process takes no more work").isEmpty();
		// What it was running cannot land any more.
		assertThat(job.execute(requested).status()).isEqualTo("FAILED");
		assertThat(this.jdbc.queryForObject("select count(*) from demand_forecast where run_id = ?", Integer.class,
				requested))
			.isZero();
		assertThat(runner("job-a:1", ForecastJobRunner.Forecaster.CATALOGUE).claim()).hasValue(next);
		this.jdbc.update("update forecast_run set status = 'FAILED', failure = 'test', finished_at = now() "
				+ "where status = 'RUNNING'");
	}

	@Test
	void theNightlyRunStartsOnceADayAfterItsTime() {
		// A day no other test uses, in the business zone (UTC here).
		Instant early = Instant.parse("2099-03-01T02:29:00Z");
		Instant due = Instant.parse("2099-03-01T02:31:00Z");
		assertThat(nightly(early).nightlyDue(early)).isFalse();
		assertThat(nightly(due).nightlyDue(due)).isTrue();
		assertThat(runner("job-a:1", ForecastJobRunner.Forecaster.CATALOGUE).nightlyDue(due))
			.as("no nightly run (cron -)")
			.isFalse();

		ForecastJobRunner job = nightly(due);
		long id = job.claim().orElseThrow();
		ForecastRuns.Run nightly = this.runs.find(id);
		assertThat(nightly.trigger()).isEqualTo("SCHEDULED");
		assertThat(nightly.status()).isEqualTo("RUNNING");
		assertThat(nightly.requestedBy()).isEqualTo("schedule");
		assertThat(nightly.firstDay()).isEqualTo(LocalDate.parse("2099-03-01"));
		assertThat(nightly.runner()).isEqualTo("job-n:3");
		assertThat(job.claim()).as("one at a time").isEmpty();
		ForecastRuns.Run failed = nightly(due).execute(id);
		assertThat(failed.status()).isEqualTo("FAILED");

		// That day has had its nightly run (even a failed one); the next day's is due.
		Instant later = Instant.parse("2099-03-01T23:00:00Z");
		assertThat(nightly(later).nightlyDue(later)).isFalse();
		assertThat(nightly(later).claim()).isEmpty();
		Instant nextDay = Instant.parse("2099-03-02T02:30:00Z");
		assertThat(nightly(nextDay).nightlyDue(nextDay)).isTrue();
		// A requested run goes first.
		long requested = this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test").id();
		assertThat(nightly(nextDay).claim()).hasValue(requested);
		this.jdbc.update("update forecast_run set status = 'FAILED', failure = 'test', finished_at = now() "
				+ "where status = 'RUNNING'");
	}

	/** A job process whose clock reads {@code now}, with the nightly run at 02:30. */
	private ForecastJobRunner nightly(Instant now) {
		return new ForecastJobRunner(this.jdbc, this.transactionManager, this.settings, this.inputs, this.runs,
				java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), (inputs, horizon) -> {
					throw new IllegalStateException("not in this test");
				}, "job-n:3", "0 30 2 * * *");
	}

	/** A job process as ForecastJob makes it (no nightly run, so tests decide). */
	private ForecastJobRunner runner(String name, ForecastJobRunner.Forecaster forecaster) {
		return new ForecastJobRunner(this.jdbc, this.transactionManager, this.settings, this.inputs, this.runs,
				java.time.Clock.systemUTC(), forecaster, name, "-");
	}

	private List<java.util.Map<String, Object>> storedForecasts(String sku) {
		return this.jdbc.queryForList("""
				select f.location_code, f.run_id, f.model, d.day, d.mean, d.lower95, d.upper95
				from demand_forecast f join demand_forecast_day d on d.sku = f.sku and d.location_code = f.location_code
				where f.sku = ? order by f.location_code, d.day""", sku);
	}

	private JsonNode plan(String sku) throws Exception {
		return JSON
			.readTree(TestHttp.call(base(), "GET", "/admin/inventory/replenishment/" + sku, this.manager, null).body())
			.get(0);
	}

	private static int target(JsonNode plan, String location) {
		for (JsonNode target : plan.path("targets")) {
			if (target.path("location").asString().equals(location)) {
				return target.path("target").asInt();
			}
		}
		throw new AssertionError("No target for " + location);
	}

	private static EventFixtures.OutgoingEvent placed(String order, String channel, String sku, int quantity) {
		return EventFixtures.OutgoingEvent.of("concord.fulfillment.OrderPlaced", order,
				"""
						{"orderId": "%s", "memberId": "%s", "channel": "%s",
						 "lines": [{"sku": "%s", "quantity": %d, "unitPriceMinor": 9900, "discountMinor": 0}],
						 "payable": {"amountMinor": %d, "currency": "CNY"}, "paymentDueAt": "%s", "placedAt": "%s"}"""
					.formatted(order, UUID.randomUUID(), channel, sku, quantity, 9900 * quantity,
							Instant.now().plusSeconds(900), Instant.now()));
	}

	/**
	 * 84 days to yesterday (enough for the global model to learn from): the north
	 * warehouse sells ~10 a day by weekday (give or take one), the south 2.
	 */
	private static String history(String sku, String north, String south) {
		StringBuilder csv = new StringBuilder("date,sku,location,quantity,price,promo\n");
		LocalDate today = LocalDate.now();
		for (int d = 84; d >= 1; d--) {
			LocalDate day = today.minusDays(d);
			csv.append(day)
				.append(',')
				.append(sku)
				.append(',')
				.append(north)
				.append(',')
				.append(NORTH_WEEK[day.getDayOfWeek().getValue() - 1] + (d * 7919) % 3 - 1)
				.append(",9900,false\n");
			csv.append(day)
				.append(',')
				.append(sku)
				.append(',')
				.append(south)
				.append(',')
				.append(1 + d % 3)
				.append(",9900,false\n");
		}
		return csv.toString();
	}

	private int demandToday(String sku, String location) {
		return this.jdbc.queryForObject("""
				select coalesce(sum(quantity), 0) from daily_demand
				where sku = ? and location_code = ? and day = current_date and channel <> 'IMPORTED'""", Integer.class,
				sku, location);
	}

	private int openSuggestions(String sku) {
		return this.jdbc.queryForObject(
				"select count(*) from replenishment_suggestion where sku = ? and status = 'OPEN'", Integer.class, sku);
	}

	/**
	 * A SKU with a supplier at a north and a south warehouse; the app and livestream
	 * channels sell from the north first.
	 */
	private String catalogued(int north, int south) {
		String sku = "FC-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name, supplier_id) values (?, ?, ?)", sku, "Test " + sku, "SUP-" + sku);
		for (String location : List.of("N-" + sku, "S-" + sku)) {
			this.jdbc.update("insert into location (code, name, type, region) values (?, 'Warehouse', 'WAREHOUSE', ?)",
					location, location.substring(0, 1));
			this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, location);
			for (String channel : List.of("APP", "LIVESTREAM")) {
				this.jdbc.update("""
						insert into channel_location (channel, location_code, sort_order) values (?, ?, ?)
						on conflict do nothing""", channel, location, location.startsWith("N-") ? 1 : 2);
			}
		}
		if (north > 0) {
			this.ledger.adjust(sku, "N-" + sku, north, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		}
		if (south > 0) {
			this.ledger.adjust(sku, "S-" + sku, south, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		}
		return sku;
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
