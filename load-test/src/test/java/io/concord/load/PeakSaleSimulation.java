package io.concord.load;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The peak sale through the gateway, as an open workload (arrival rates, not a fixed
 * crowd): anonymous browsing, sign-in with one-time codes, a coupon drop that opens at T0
 * (a spike of claims), checkout (place with an {@code Idempotency-Key}, pay through the
 * simulated provider's signed callback, one in ten cancels instead) and ops reads. Each
 * step of the funnel arrives no faster than the one before it: browsing 4R, sign-in 1.5R,
 * claims 1.5R in the spike and 0.5R after, checkout R, ops R/4. Designed refusals (sold
 * out, coupons exhausted, one coupon per member) are accepted answers, not errors.
 * <p>
 * {@code -Dconcord.mode=step} runs checkout alone, raising its rate in steps until the
 * path saturates, and writes docs/capacity.md. See the README's "Peak rehearsal".
 */
public class PeakSaleSimulation extends Simulation {

	private static final LoadSettings SETTINGS = LoadSettings.fromSystemProperties();

	private static final List<String> GROUPS = List.of("browse", "sign-in", "coupon drop", "checkout", "ops");

	static final String TEST_RUN = "X-Concord-Test-Run";

	static final String TEST_RUN_CREDENTIAL = "X-Concord-Test-Run-Credential";

	/** The services whose run data the purge removes, by their admin path. */
	private static final List<String> SERVICES = List.of("members", "inventory", "promotions", "fulfillment");

	private volatile Target target;

	private volatile String credential;

	private volatile SaleData sale;

	private volatile StackMetrics metrics;

	private final Checkouts checkouts = new Checkouts(SETTINGS);

	public PeakSaleSimulation() {
		HttpProtocolBuilder protocol = http.baseUrl(Target.gatewayUrl(SETTINGS))
			.disableWarmUp()
			.acceptHeader("application/json")
			.contentTypeHeader("application/json")
			.userAgentHeader("concord-peak-rehearsal")
			// Shadow traffic (ADR-25): every request is the run's, with the load-test
			// credential the gateway checks; the run's data is purged at the end.
			.header(TEST_RUN, SETTINGS.testRun())
			.header(TEST_RUN_CREDENTIAL, (session) -> this.credential);
		if (SETTINGS.mode().equals(LoadSettings.STEP)) {
			setUp(checkoutSteps()).protocols(protocol).maxDuration(SETTINGS.length().plusSeconds(30));
		}
		else {
			setUp(funnel()).protocols(protocol).maxDuration(SETTINGS.length().plusSeconds(60)).assertions(assertions());
		}
	}

	@Override
	public void before() {
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "concord-load-stop"));
		this.target = Target.of(SETTINGS);
		this.credential = new Api(this.target.staffIssuer).staffToken("load-test");
		System.out.println("Test run " + SETTINGS.testRun() + " (purge by hand: scripts/purge-test-run.sh "
				+ SETTINGS.testRun() + ")");
		this.sale = SaleData.prepare(this.target, SETTINGS,
				Map.of(TEST_RUN, SETTINGS.testRun(), TEST_RUN_CREDENTIAL, this.credential));
		this.metrics = new StackMetrics(this.target);
		this.metrics.scrapeNow();
		this.metrics.start();
		this.checkouts.injectionStarts();
	}

	@Override
	public void after() {
		try {
			if (this.target != null) {
				purge();
			}
			if (SETTINGS.mode().equals(LoadSettings.STEP) && this.metrics != null) {
				this.metrics.scrapeNow();
				CapacityReport.write(SETTINGS,
						this.target.gateway + (SETTINGS.startsOwnStack() ? " (a local stack the run started, "
								+ (SETTINGS.fullSpeed() ? "full speed" : "fast start") + " JVMs)" : ""),
						this.checkouts, this.metrics);
			}
		}
		finally {
			stop();
		}
	}

	// The run leaves nothing behind: each service deletes the run's rows and says how
	// many. A purge that fails, or (in the smoke run, which certainly wrote data) deletes
	// nothing, fails the run.
	private void purge() {
		Api gateway = new Api(this.target.gateway);
		String admin = new Api(this.target.staffIssuer).staffToken("admin");
		long total = 0;
		for (String service : SERVICES) {
			Api.Answer answer = gateway.delete("/admin/" + service + "/test-runs/" + SETTINGS.testRun(), admin)
				.ok("Purging test run " + SETTINGS.testRun() + " in " + service);
			long deleted = answer.json().path("total").asLong();
			System.out.println("Purged test run " + SETTINGS.testRun() + " in " + service + ": " + deleted + " rows "
					+ answer.json().path("deleted"));
			if (SETTINGS.mode().equals(LoadSettings.SMOKE) && deleted == 0) {
				throw new IllegalStateException("The purge of " + SETTINGS.testRun() + " found nothing in " + service
						+ ": the run's data was not tagged");
			}
			total += deleted;
		}
		System.out.println("Purged test run " + SETTINGS.testRun() + ": " + total + " rows");
	}

	private synchronized void stop() {
		if (this.metrics != null) {
			this.metrics.close();
		}
		if (this.target != null) {
			this.target.close();
			this.target = null;
		}
	}

	// The funnel: ramp, steady state, and the drop opening at T0 (the end of the ramp).
	private List<PopulationBuilder> funnel() {
		double r = SETTINGS.rate();
		Duration ramp = SETTINGS.rampUp();
		Duration steady = SETTINGS.steady();
		Duration spike = Duration.ofSeconds(Math.min(10, Math.max(1, steady.toSeconds() / 3)));
		// A shop is warm before midnight: the JIT compiles the hot paths during a quiet
		// warm-up (its own group, not asserted) before the measured funnel starts.
		Duration warm = SETTINGS.warmUp();
		List<PopulationBuilder> populations = new ArrayList<>();
		if (!warm.isZero()) {
			populations.add(warmingUp().injectOpen(constantUsersPerSec(Math.max(0.5, r / 2)).during(warm)));
		}
		populations.add(browsing().injectOpen(nothingFor(warm), rampUsersPerSec(0.5).to(4 * r).during(ramp),
				constantUsersPerSec(4 * r).during(steady)));
		populations.add(signingIn().injectOpen(nothingFor(warm), rampUsersPerSec(0.2).to(1.5 * r).during(ramp),
				constantUsersPerSec(1.5 * r).during(steady)));
		populations.add(couponDrop().injectOpen(nothingFor(warm.plus(ramp)), constantUsersPerSec(1.5 * r).during(spike),
				constantUsersPerSec(0.5 * r).during(steady.minus(spike))));
		populations.add(checkout().injectOpen(nothingFor(warm), rampUsersPerSec(0.2).to(r).during(ramp),
				constantUsersPerSec(r).during(steady)));
		populations.add(ops().injectOpen(nothingFor(warm),
				constantUsersPerSec(Math.max(0.2, r / 4)).during(ramp.plus(steady))));
		return populations;
	}

	private List<Assertion> assertions() {
		List<Assertion> assertions = new ArrayList<>();
		for (String group : GROUPS) {
			// A group's time is its requests' together: checkout is place, pay (with the
			// provider's callback through the gateway) and a read, so it gets two
			// budgets;
			// place alone keeps one, below.
			long budget = group.equals("checkout") ? 2 * SETTINGS.p99Millis() : SETTINGS.p99Millis();
			assertions.add(details(group).responseTime().percentile(99.0).lt((int) budget));
			assertions.add(details(group).failedRequests().percent().lt(1.0));
			assertions.add(details(group).requestsPerSec().gt(0.0));
		}
		assertions
			.add(details("checkout", "place order").responseTime().percentile(99.0).lt((int) SETTINGS.p99Millis()));
		assertions.add(details("checkout", "pay (signed provider callback)").failedRequests().count().is(0L));
		// Every measured group is asserted above; the warm-up's group is reported apart.
		return assertions;
	}

	private ScenarioBuilder browsing() {
		return scenario("Browsing (anonymous)").exec(group("browse").on(
				http("availability")
					.get((session) -> "/api/inventory/availability?channel=APP&cap=99&skus="
							+ String.join(",", this.sale.skus))
					.check(status().is(200)),
				http("campaigns").get("/api/promotions/campaigns").check(status().is(200)),
				http("quote").post("/api/promotions/quote")
					.body(StringBody((session) -> """
							{"channel": "APP", "currency": "CNY", "shippingFeeMinor": 1000,
							 "lines": [{"sku": "%s", "quantity": 2, "unitPriceMinor": %d}]}"""
						.formatted(this.sale.skus.get(0), SaleData.PRICE_MINOR)))
					.check(status().is(200), jsonPath("$.payableMinor").exists())));
	}

	private ScenarioBuilder signingIn() {
		return scenario("Sign-in (one-time code)").feed(feeder(() -> this.sale.signingIn()))
			.exec(group("sign-in").on(
					http("request code").post("/api/auth/one-time-codes")
						.body(StringBody("{\"type\":\"PHONE\",\"value\":\"#{phone}\"}"))
						.check(status().is(202)),
					// The local stack's stand-in for the SMS the shopper reads.
					http("read code (dev mailbox)")
						.get((session) -> this.target.memberService + "/dev/one-time-codes?destination="
								+ URLEncoder.encode(session.getString("phone"), StandardCharsets.UTF_8))
						.check(status().is(200), jsonPath("$.code").saveAs("code")),
					http("token").post("/api/auth/token")
						.body(StringBody("""
								{"grantType": "one_time_code", "identifier": {"type": "PHONE", "value": "#{phone}"},
								 "code": "#{code}", "channel": "WEB"}"""))
						.check(status().is(200), jsonPath("$.accessToken").exists())));
	}

	private ScenarioBuilder couponDrop() {
		return scenario("Coupon drop (opens at T0)").feed(feeder(() -> this.sale.claimant()))
			.exec(group("coupon drop")
				.on(http("claim").post((session) -> "/api/promotions/coupons/" + this.sale.dropTemplate + "/claim")
					.header("Authorization", "Bearer #{token}")
					.header("Idempotency-Key", "#{claimKey}")
					.body(StringBody(""))
					.check(status().in(201, 409))
					// Refused by design: the drop ran out, or the member already holds
					// one.
					.checkIf((response, session) -> response.status().code() == 409)
					.then(jsonPath("$.type").in(problem("coupons-exhausted"), problem("coupon-limit-reached")))));
	}

	private ScenarioBuilder warmingUp() {
		return scenario("Warm-up").feed(feeder(() -> this.sale.payingShopper()))
			.exec(group("warm-up").on(http("availability")
				.get((session) -> "/api/inventory/availability?channel=APP&cap=99&skus="
						+ String.join(",", this.sale.skus))
				.check(status().is(200)), place(), doIf((session) -> session.contains("orderId")).then(pay())));
	}

	private ScenarioBuilder checkout() {
		return scenario("Checkout").feed(feeder(() -> this.sale.shopper()))
			.exec(group("checkout").on(place(),
					doIf((session) -> session.contains("orderId")).then(
							doIfOrElse((session) -> session.getBoolean("pays")).then(pay())
								.orElse(http("cancel").post("/api/orders/#{orderId}/cancellation")
									.header("Authorization", "Bearer #{token}")
									.body(StringBody(""))
									.check(status().is(200), jsonPath("$.status").is("CANCELLED"))),
							http("order").get("/api/orders/#{orderId}")
								.header("Authorization", "Bearer #{token}")
								.check(status().is(200)))));
	}

	// Checkout alone, its arrival rate raised every step until the path saturates.
	private PopulationBuilder checkoutSteps() {
		ChainBuilder record = exec((session) -> {
			long now = System.currentTimeMillis();
			boolean placeFailed = session.getBoolean("placeFailed");
			boolean payFailed = session.isFailed() && !placeFailed;
			this.checkouts.finish(new Checkouts.Checkout(session.getInt("step"), session.getLong("startedAt"),
					session.contains("placeMs") ? session.getLong("placeMs") : now - session.getLong("startedAt"),
					placeFailed, session.contains("payMs") ? session.getLong("payMs") : -1, payFailed, now));
			return session;
		});
		ScenarioBuilder steps = scenario("Checkout (steps)").feed(feeder(() -> this.sale.payingShopper()))
			.exec((session) -> {
				long now = System.currentTimeMillis();
				return session.set("startedAt", now).set("step", this.checkouts.begin(now));
			})
			.exec(group("checkout").on(place(), exec((session) -> session.set("placeFailed", session.isFailed())),
					doIf((session) -> session.contains("orderId")).then(pay())))
			.exec(record)
			.exec(stopLoadGeneratorIf((session) -> "checkout saturated at step " + (this.checkouts.saturatedAt() + 1),
					(session) -> this.checkouts.saturated()));
		return steps.injectOpen(constantUsersPerSec(SETTINGS.rate()).during(SETTINGS.warmUp()),
				incrementUsersPerSec(SETTINGS.stepIncrement()).times(SETTINGS.maxSteps())
					.eachLevelLasting(SETTINGS.stepDuration())
					.startingFrom(SETTINGS.rate()));
	}

	private static io.gatling.javaapi.http.HttpRequestActionBuilder place() {
		return http("place order").post("/api/orders")
			.header("Authorization", "Bearer #{token}")
			.header("Idempotency-Key", "#{checkoutKey}")
			.body(StringBody("""
					{"channel": "APP", "lines": [{"sku": "#{sku}", "quantity": 2}],
					 "shippingAddress": {"name": "Peak Shopper", "phone": "+8613900000000", "region": "CN-SH",
					   "city": "Shanghai", "line1": "1 Bund"}}"""))
			.check(responseTimeInMillis().saveAs("placeMs"), status().in(201, 409))
			.checkIf((response, session) -> response.status().code() == 201)
			.then(jsonPath("$.orderId").saveAs("orderId"))
			// Refused by design: the scarce SKU sold out.
			.checkIf((response, session) -> response.status().code() == 409)
			.then(jsonPath("$.type").is(problem("insufficient-stock")));
	}

	// The provider charges, then calls the shop back through the gateway with a signed
	// webhook; 200 only when the shop acknowledged the callback.
	private io.gatling.javaapi.http.HttpRequestActionBuilder pay() {
		return http("pay (signed provider callback)")
			.post((session) -> this.target.fulfillmentService + "/dev/payment-provider/payments")
			.body(StringBody("{\"orderId\": \"#{orderId}\"}"))
			.check(responseTimeInMillis().saveAs("payMs"), status().is(200),
					jsonPath("$.callbackStatus").ofInt().is(200));
	}

	private ScenarioBuilder ops() {
		return scenario("Ops reads (staff token)").exec(group("ops").on(
				http("paid orders").get("/admin/fulfillment/orders?status=PAID&limit=20")
					.header("Authorization", (session) -> "Bearer " + this.sale.opsViewer)
					.check(status().is(200)),
				http("campaign statistics")
					.get((session) -> "/admin/promotions/campaigns/" + this.sale.campaign + "/statistics")
					.header("Authorization", (session) -> "Bearer " + this.sale.opsViewer)
					.check(status().is(200)),
				http("stock").get((session) -> "/admin/inventory/stock/" + this.sale.scarceSku)
					.header("Authorization", (session) -> "Bearer " + this.sale.opsViewer)
					.check(status().is(200)),
				http("kpis").get("/admin/fulfillment/kpis")
					.header("Authorization", (session) -> "Bearer " + this.sale.opsViewer)
					.check(status().is(200))));
	}

	private static String problem(String slug) {
		return "https://concord.dev/problems/" + slug;
	}

	// Feeders read the sale prepared in before(), one record per arriving shopper.
	private static Iterator<Map<String, Object>> feeder(Supplier<Map<String, Object>> next) {
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				return true;
			}

			@Override
			public Map<String, Object> next() {
				return next.get();
			}

		};
	}

}
