package io.concord.inventory.demand;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The forecast's retail inputs: days out of stock for at least half the day are censored,
 * promotion-service's prices (over Kafka, each change once) become the daily price over
 * the history and the horizon, and accuracy measures the stored intervals' coverage and
 * pinball loss against what sold.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForecastInputsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ForecastInputs inputs;

	@Autowired
	DemandForecasts forecasts;

	@Autowired
	DemandSettings settings;

	@Test
	void aDayOutOfStockForAtLeastHalfOfItIsCensored() {
		String sku = stockedSku();
		String location = "WH-" + sku;
		ZoneId zone = this.settings.zone();
		LocalDate today = this.forecasts.today();
		// History from 10 days ago, so the days below are inside the series.
		demand(sku, location, today.minusDays(10), 4);
		// Day -6: out 12 hours (exactly half): censored. Day -5: out 11 hours: not.
		// Day -4 from 18:00 to day -2 at 09:00: day -4 (6 h) not, day -3 (24 h) yes,
		// day -2 (9 h) not. Day -1 from 08:00, still open: censored (16 h).
		stockOut(sku, location, today.minusDays(6).atTime(6, 0).atZone(zone).toInstant(),
				today.minusDays(6).atTime(18, 0).atZone(zone).toInstant());
		stockOut(sku, location, today.minusDays(5).atTime(1, 0).atZone(zone).toInstant(),
				today.minusDays(5).atTime(12, 0).atZone(zone).toInstant());
		stockOut(sku, location, today.minusDays(4).atTime(18, 0).atZone(zone).toInstant(),
				today.minusDays(2).atTime(9, 0).atZone(zone).toInstant());
		stockOut(sku, location, today.minusDays(1).atTime(8, 0).atZone(zone).toInstant(), null);

		CatalogueForecaster.Input input = this.inputs.read(List.of(new ForecastInputs.Key(sku, location)), today, 7)
			.get(0);
		assertThat(input.history()).hasSize(10);
		assertThat(input.censored()).containsExactly(false, false, false, false, true, false, false, true, false, true);
		// A series with no stock-out: nothing censored.
		String other = stockedSku();
		demand(other, "WH-" + other, today.minusDays(3), 2);
		assertThat(this.inputs.read(List.of(new ForecastInputs.Key(other, "WH-" + other)), today, 7).get(0).censored())
			.containsExactly(false, false, false);
	}

	@Test
	void priceChangesLandOnceAndShapeTheDailyPrice() {
		String sku = stockedSku();
		String location = "WH-" + sku;
		ZoneId zone = this.settings.zone();
		LocalDate today = this.forecasts.today();
		demand(sku, location, today.minusDays(30), 3);
		// APP's own price from day -20; every channel's from day -10; a sale on every
		// channel from day -5 until day +3, after which the day -10 price applies
		// again; a price in another currency, ignored.
		EventFixtures.OutgoingEvent app = price(sku, "APP", "CNY", 900, today.minusDays(20).atStartOfDay(zone), null);
		EventFixtures.OutgoingEvent all = price(sku, "ALL", "CNY", 1000, today.minusDays(10).atStartOfDay(zone), null);
		EventFixtures.OutgoingEvent sale = price(sku, "ALL", "CNY", 800, today.minusDays(5).atStartOfDay(zone),
				today.plusDays(3).atStartOfDay(zone));
		EventFixtures.OutgoingEvent dollars = price(sku, "ALL", "USD", 150, today.minusDays(15).atStartOfDay(zone),
				null);
		for (EventFixtures.OutgoingEvent event : List.of(app, all, sale, dollars)) {
			EventFixtures.send("concord.promotion.events.v1", event);
		}
		// Redelivered, and republished under a new event id: recorded once.
		EventFixtures.send("concord.promotion.events.v1", sale);
		EventFixtures.send("concord.promotion.events.v1", sale.withId(UUID.randomUUID().toString()));
		await().atMost(Duration.ofSeconds(30)).until(() -> prices(sku) == 4);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> prices(sku) == 4);

		CatalogueForecaster.Input input = this.inputs.read(List.of(new ForecastInputs.Key(sku, location)), today, 7)
			.get(0);
		// 30 days of history (day -30 is index 0), then 7 ahead.
		assertThat(input.history()).hasSize(30);
		double[] price = input.price();
		assertThat(price).hasSize(37);
		assertThat(price[0]).as("before the first price: the first price").isEqualTo(900);
		assertThat(price[10]).as("day -20: APP's price alone").isEqualTo(900);
		assertThat(price[19]).as("day -11").isEqualTo(900);
		assertThat(price[20]).as("day -10: every channel's price").isEqualTo(1000);
		assertThat(price[25]).as("day -5: the sale").isEqualTo(800);
		assertThat(price[30]).as("today").isEqualTo(800);
		assertThat(price[32]).as("day +2, the sale's last day").isEqualTo(800);
		assertThat(price[33]).as("day +3: the sale ended, the earlier price again").isEqualTo(1000);
		assertThat(price[36]).isEqualTo(1000);

		// A SKU without any price: no price feature.
		String unpriced = stockedSku();
		demand(unpriced, "WH-" + unpriced, today.minusDays(3), 1);
		assertThat(
				this.inputs.read(List.of(new ForecastInputs.Key(unpriced, "WH-" + unpriced)), today, 7).get(0).price())
			.isNull();
	}

	@Test
	void plannedPricesShapeTheHorizonUntilCancelled() {
		String sku = stockedSku();
		String location = "WH-" + sku;
		ZoneId zone = this.settings.zone();
		LocalDate today = this.forecasts.today();
		demand(sku, location, today.minusDays(10), 3);
		ForecastInputs.Key key = new ForecastInputs.Key(sku, location);
		EventFixtures.send("concord.promotion.events.v1",
				price(sku, "ALL", "CNY", 1000, today.minusDays(20).atStartOfDay(zone), null));
		// A 50% cut on every channel for days +3 to +5 of the horizon; an APP-only plan
		// (ALL has a price, so it does not count); a plan in another currency (ignored).
		UUID cutId = UUID.randomUUID();
		EventFixtures.OutgoingEvent cut = planned(cutId, sku, "ALL", "CNY", 500, today.plusDays(3).atStartOfDay(zone),
				today.plusDays(6).atStartOfDay(zone));
		EventFixtures.send("concord.promotion.events.v1", cut);
		EventFixtures.send("concord.promotion.events.v1",
				planned(UUID.randomUUID(), sku, "APP", "CNY", 100, today.plusDays(1).atStartOfDay(zone), null));
		EventFixtures.send("concord.promotion.events.v1",
				planned(UUID.randomUUID(), sku, "ALL", "USD", 10, today.plusDays(1).atStartOfDay(zone), null));
		// Redelivered, and republished under a new event id: recorded once.
		EventFixtures.send("concord.promotion.events.v1", cut);
		EventFixtures.send("concord.promotion.events.v1", cut.withId(UUID.randomUUID().toString()));
		await().atMost(Duration.ofSeconds(30)).until(() -> prices(sku) == 1 && plans(sku) == 3);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> plans(sku) == 3);

		// 10 days of history (today is index 10), then 7 ahead.
		double[] price = this.inputs.read(List.of(key), today, 7).get(0).price();
		assertThat(price).hasSize(17);
		assertThat(java.util.Arrays.copyOfRange(price, 10, 17)).as("today to day +6")
			.containsExactly(1000, 1000, 1000, 500, 500, 500, 1000);
		assertThat(java.util.Arrays.copyOfRange(price, 0, 10)).containsOnly(1000);

		// A later plan from day +4 supersedes the cut there; after its window the cut's
		// window is over too, so the current price applies again.
		UUID laterId = UUID.randomUUID();
		EventFixtures.send("concord.promotion.events.v1", planned(laterId, sku, "ALL", "CNY", 700,
				today.plusDays(4).atStartOfDay(zone), today.plusDays(5).atStartOfDay(zone)));
		await().atMost(Duration.ofSeconds(30)).until(() -> plans(sku) == 4);
		assertThat(java.util.Arrays.copyOfRange(this.inputs.read(List.of(key), today, 7).get(0).price(), 10, 17))
			.containsExactly(1000, 1000, 1000, 500, 700, 500, 1000);

		// The cut is cancelled: it no longer counts, and a replayed PriceScheduled does
		// not bring it back.
		EventFixtures.send("concord.promotion.events.v1", cancelled(cutId, sku, "ALL", "CNY", 500,
				today.plusDays(3).atStartOfDay(zone), today.plusDays(6).atStartOfDay(zone)));
		await().atMost(Duration.ofSeconds(30)).until(() -> cancelledPlans(sku) == 1);
		EventFixtures.send("concord.promotion.events.v1", cut.withId(UUID.randomUUID().toString()));
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> plans(sku) == 4 && cancelledPlans(sku) == 1);
		assertThat(java.util.Arrays.copyOfRange(this.inputs.read(List.of(key), today, 7).get(0).price(), 10, 17))
			.containsExactly(1000, 1000, 1000, 1000, 700, 1000, 1000);

		// The later plan takes effect: its PriceChanged (same id) counts once, as before.
		EventFixtures.send("concord.promotion.events.v1",
				EventFixtures.OutgoingEvent.of("concord.promotion.PriceChanged", sku,
						"""
								{"changeId": "%s", "sku": "%s", "channel": "ALL", "currency": "CNY", "listPriceMinor": 1200,
								 "sellingPriceMinor": 700, "previousSellingPriceMinor": 1000, "referencePriceMinor": 1000,
								 "effectiveFrom": "%s", "effectiveTo": "%s", "source": "SCHEDULE"}"""
							.formatted(laterId, sku, today.plusDays(4).atStartOfDay(zone).toInstant(),
									today.plusDays(5).atStartOfDay(zone).toInstant())));
		await().atMost(Duration.ofSeconds(30)).until(() -> prices(sku) == 2);
		assertThat(java.util.Arrays.copyOfRange(this.inputs.read(List.of(key), today, 7).get(0).price(), 10, 17))
			.containsExactly(1000, 1000, 1000, 1000, 700, 1000, 1000);
	}

	@Test
	void accuracyMeasuresIntervalCoverageAndPinballLoss() {
		String sku = stockedSku();
		String location = "WH-" + sku;
		LocalDate today = this.forecasts.today();
		long run = this.jdbc.queryForObject("""
				insert into forecast_run (trigger, status, requested_by, first_day, horizon, started_at)
				values ('ON_DEMAND', 'SUCCEEDED', 'test', ?, 28, now()) returning id""", Long.class,
				Date.valueOf(today.minusDays(4)));
		this.jdbc.update("""
				insert into demand_forecast (sku, location_code, run_id, model, promotion_lift, sigma, first_day,
				  generated_at) values (?, ?, ?, 'ETS', 1, 2, ?, now())""", sku, location, run,
				Date.valueOf(today.minusDays(4)));
		// Every day: mean 10, 80% [8, 12], 95% [6, 14]. Actuals 10 (in both), 13 (in
		// the 95% only), 20 (in neither) and none sold (in neither).
		for (int d = 4; d >= 1; d--) {
			this.jdbc.update("""
					insert into demand_forecast_day (sku, location_code, day, mean, lower80, upper80, lower95, upper95,
					  run_id) values (?, ?, ?, 10, 8, 12, 6, 14, ?)""", sku, location, Date.valueOf(today.minusDays(d)),
					run);
		}
		demand(sku, location, today.minusDays(4), 10);
		demand(sku, location, today.minusDays(3), 13);
		demand(sku, location, today.minusDays(2), 20);

		DemandForecasts.Accuracy accuracy = this.forecasts.accuracy(sku, location);
		assertThat(accuracy.days()).isEqualTo(4);
		assertThat(accuracy.actualUnits()).isEqualTo(43);
		assertThat(accuracy.wapePercent()).isCloseTo(100.0 * (0 + 3 + 10 + 10) / 43, within(1e-9));
		assertThat(accuracy.biasPercent()).isCloseTo(100.0 * (40 - 43) / 43, within(1e-9));
		assertThat(accuracy.coverage80Percent()).isEqualTo(25.0);
		assertThat(accuracy.coverage95Percent()).isEqualTo(50.0);
		// Pinball at 10% and 90% per day: 0.2 + 0.2, 0.5 + 0.9, 1.2 + 7.2, 7.2 + 1.2 =
		// 18.6 over 8 losses, over the mean actual 43 / 4.
		assertThat(accuracy.pinball80Percent()).isCloseTo(100.0 * (18.6 / 8) / (43.0 / 4), within(1e-9));
		// At 2.5% and 97.5%: 0.1 + 0.1, 0.175 + 0.025, 0.35 + 5.85, 5.85 + 0.35 = 12.8.
		assertThat(accuracy.pinball95Percent()).isCloseTo(100.0 * (12.8 / 8) / (43.0 / 4), within(1e-9));

		JsonNode body = JSON.readTree(
				TestHttp
					.call("http://localhost:" + this.port, "GET", "/admin/inventory/forecasts/" + sku,
							TestIssuers.get().staffToken("ops-1", "ops-viewer"), null)
					.body());
		JsonNode json = body.get(0).path("accuracy");
		assertThat(json.path("coverage80Percent").asDouble()).isEqualTo(25.0);
		assertThat(json.path("coverage95Percent").asDouble()).isEqualTo(50.0);
		assertThat(json.path("pinball80Percent").asDouble()).isCloseTo(21.6279, within(1e-4));
		assertThat(json.path("pinball95Percent").asDouble()).isCloseTo(14.8837, within(1e-4));
		assertThat(json.path("wapePercent").asDouble()).isCloseTo(53.4884, within(1e-4));
	}

	@Test
	void pinballLossChargesEachSideByItsLevel() {
		assertThat(DemandForecasts.pinball(10, 8, 0.1)).isCloseTo(0.2, within(1e-12));
		assertThat(DemandForecasts.pinball(6, 8, 0.1)).isCloseTo(1.8, within(1e-12));
		assertThat(DemandForecasts.pinball(14, 12, 0.9)).isCloseTo(1.8, within(1e-12));
		assertThat(DemandForecasts.pinball(12, 12, 0.9)).isZero();
	}

	private static EventFixtures.OutgoingEvent price(String sku, String channel, String currency, long selling,
			java.time.ZonedDateTime from, java.time.ZonedDateTime to) {
		return EventFixtures.OutgoingEvent.of("concord.promotion.PriceChanged", sku,
				"""
						{"changeId": "%s", "sku": "%s", "channel": "%s", "currency": "%s", "listPriceMinor": 1200,
						 "sellingPriceMinor": %d, "previousSellingPriceMinor": null, "referencePriceMinor": %d,
						 "effectiveFrom": "%s", "effectiveTo": %s, "source": "ADMIN"}""".formatted(UUID.randomUUID(),
						sku, channel, currency, selling, selling, from.toInstant(),
						(to != null) ? "\"" + to.toInstant() + "\"" : "null"));
	}

	private static EventFixtures.OutgoingEvent planned(UUID entryId, String sku, String channel, String currency,
			long selling, java.time.ZonedDateTime from, java.time.ZonedDateTime to) {
		return EventFixtures.OutgoingEvent.of("concord.promotion.PriceScheduled", sku, """
				{"entryId": "%s", "sku": "%s", "channel": "%s", "currency": "%s", "listPriceMinor": 1200,
				 "sellingPriceMinor": %d, "effectiveFrom": "%s", "effectiveTo": %s, "source": "SCHEDULE",
				 "scheduledAt": "%s"}""".formatted(entryId, sku, channel, currency, selling, from.toInstant(),
				(to != null) ? "\"" + to.toInstant() + "\"" : "null", Instant.now()));
	}

	private static EventFixtures.OutgoingEvent cancelled(UUID entryId, String sku, String channel, String currency,
			long selling, java.time.ZonedDateTime from, java.time.ZonedDateTime to) {
		return EventFixtures.OutgoingEvent.of("concord.promotion.PriceScheduleCancelled", sku, """
				{"entryId": "%s", "sku": "%s", "channel": "%s", "currency": "%s", "listPriceMinor": 1200,
				 "sellingPriceMinor": %d, "effectiveFrom": "%s", "effectiveTo": "%s", "cancelledAt": "%s"}"""
			.formatted(entryId, sku, channel, currency, selling, from.toInstant(), to.toInstant(), Instant.now()));
	}

	private int plans(String sku) {
		return this.jdbc.queryForObject("select count(*) from planned_price where sku = ?", Integer.class, sku);
	}

	private int cancelledPlans(String sku) {
		return this.jdbc.queryForObject("select count(*) from planned_price where sku = ? and cancelled_at is not null",
				Integer.class, sku);
	}

	private int prices(String sku) {
		return this.jdbc.queryForObject("select count(*) from price_history where sku = ?", Integer.class, sku);
	}

	private void demand(String sku, String location, LocalDate day, int quantity) {
		this.jdbc.update("""
				insert into daily_demand (sku, location_code, channel, day, quantity) values (?, ?, 'APP', ?, ?)""",
				sku, location, Date.valueOf(day), quantity);
	}

	private void stockOut(String sku, String location, Instant from, Instant to) {
		this.jdbc.update("insert into stock_out_period (sku, location_code, started_at, ended_at) values (?, ?, ?, ?)",
				sku, location, Timestamp.from(from), (to != null) ? Timestamp.from(to) : null);
	}

	/** A SKU stocked at its own warehouse (nothing on hand). */
	private String stockedSku() {
		String sku = "FI-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name) values (?, ?)", sku, "Test " + sku);
		this.jdbc.update("insert into location (code, name, type) values (?, 'Warehouse', 'WAREHOUSE')", "WH-" + sku);
		this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, "WH-" + sku);
		return sku;
	}

}
