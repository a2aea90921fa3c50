package io.concord.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.concord.local.LocalStack;

/**
 * The local stack with a proxy on every link (see {@link FaultLinks}), shared by the
 * fault tests of this JVM, with a catalogue to sell: one well-stocked SKU on the app
 * channel at a catalogue price, and a coupon drop with a per-member limit.
 */
final class FaultStack {

	static final String CHANNEL = "APP";

	static final String WAREHOUSE = "WH-FAULTS";

	private static FaultStack instance;

	private static RuntimeException failedToStart;

	final LocalStack stack;

	final FaultLinks links;

	final Shop gateway;

	final Shop issuer;

	final Path data;

	private FaultStack(LocalStack stack, FaultLinks links, Path data) {
		this.stack = stack;
		this.links = links;
		this.data = data;
		this.gateway = new Shop(stack.gatewayUrl());
		this.issuer = new Shop(stack.staffIssuerUrl());
	}

	static synchronized FaultStack get() {
		if (failedToStart != null) {
			throw failedToStart;
		}
		if (instance == null) {
			try {
				instance = start();
			}
			catch (RuntimeException ex) {
				failedToStart = ex;
				throw ex;
			}
		}
		return instance;
	}

	private static FaultStack start() {
		Path data;
		try {
			data = Files.createTempDirectory("concord-fault-suite");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		FaultLinks links = new FaultLinks();
		// Ports apart from a developer's stack and the system tests' stack, below the
		// ephemeral range
		// the proxies take theirs from.
		LocalStack.Settings settings = LocalStack.Settings.defaults(data, Path.of("target/services").toAbsolutePath())
			.fresh(true)
			.ports(27080, 19000, 0, 0)
			.links(links)
			// No ops console: it would only take CPU from the services.
			.console(false)
			.forecastJob(false);
		LocalStack stack = LocalStack.start(settings, (what, result) -> System.out.println(what + ": " + result));
		FaultStack faults = new FaultStack(stack, links, data);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stack.close();
			links.close();
			// The applications' logs outlive the run, for whoever reads a failure.
			try {
				org.springframework.util.FileSystemUtils.copyRecursively(data.resolve("logs"),
						Path.of("target/resilience-logs"));
			}
			catch (IOException ex) {
				System.err.println("Could not keep the logs: " + ex);
			}
			org.springframework.util.FileSystemUtils.deleteRecursively(data.toFile());
		}));
		return faults;
	}

	String ops() {
		return this.issuer.clientToken("ops-manager");
	}

	String admin() {
		return this.issuer.clientToken("admin");
	}

	Shop service(String name) {
		return new Shop(this.stack.serviceUrl(name));
	}

	String jdbcUrl(String service) {
		return this.stack.jdbcUrl(service);
	}

	/**
	 * A SKU with {@code units} on hand in the fault warehouse, sold on the app at
	 * {@code priceMinor}.
	 */
	String stockedSku(String prefix, int units, long priceMinor) {
		String ops = ops();
		String sku = prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		expectOk(this.gateway.put("/admin/inventory/skus/" + sku, ops, "{\"name\":\"Fault " + prefix + "\"}"));
		expectOk(this.gateway.put("/admin/inventory/locations/" + WAREHOUSE, ops,
				"{\"name\":\"Fault DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\"}"));
		expectOk(this.gateway.put("/admin/inventory/channels/" + CHANNEL + "/locations", ops,
				"{\"locations\":[\"" + WAREHOUSE + "\"]}"));
		expectOk(this.gateway.post("/admin/inventory/adjustments", ops, "stock-" + sku, "{\"sku\":\"" + sku
				+ "\",\"location\":\"" + WAREHOUSE + "\",\"quantity\":" + units + ",\"reason\":\"INITIAL_COUNT\"}"));
		expectOk(this.gateway.put("/admin/fulfillment/products/" + sku, ops,
				"{\"name\":\"Fault " + prefix + "\",\"category\":\"TEST\",\"brand\":\"FAULT\",\"unitPriceMinor\":"
						+ priceMinor + ",\"currency\":\"CNY\"}"));
		return sku;
	}

	/**
	 * An active campaign with a coupon drop of {@code quantity} coupons, one per member;
	 * the template id.
	 */
	String couponDrop(int quantity) {
		String ops = ops();
		String campaign = "FAULT-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
		Instant start = Instant.now().minusSeconds(60);
		expectOk(this.gateway.post("/admin/promotions/campaigns", ops, "c-" + campaign, """
				{"id": "%s", "name": "Fault drop", "startsAt": "%s", "endsAt": "%s"}""".formatted(campaign, start,
				start.plus(Duration.ofDays(2)))));
		expectOk(this.gateway.post("/admin/promotions/campaigns/" + campaign + "/promotions", ops, "p-" + campaign, """
				{"id": "%s-DROP", "name": "5 off", "kind": "AMOUNT_OFF", "activation": "COUPON",
				 "stackingGroup": "COUPON", "currency": "CNY", "rule": {"amountOffMinor": 500, "minSpendMinor": 1000},
				 "coupon": {"totalQuantity": %d, "perMemberLimit": 1, "validDays": 2}}""".formatted(campaign,
				quantity)));
		expectOk(
				this.gateway.post("/admin/promotions/campaigns/" + campaign + "/activation", ops, "a-" + campaign, ""));
		return campaign + "-DROP";
	}

	/** Signed-in shoppers (new members on the app), made concurrently. */
	List<Shopper> shoppers(int count) {
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<Shopper>> made = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				made.add(pool.submit(() -> Shopper.of(this.stack.newMemberToken())));
			}
			List<Shopper> shoppers = new ArrayList<>();
			for (Future<Shopper> shopper : made) {
				shoppers.add(shopper.get());
			}
			return shoppers;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not make shoppers", ex);
		}
	}

	static Shop.Answer expectOk(Shop.Answer answer) {
		if (answer.status() < 200 || answer.status() >= 300) {
			throw new IllegalStateException("Setup call failed: " + answer.status() + " " + answer.raw());
		}
		return answer;
	}

	/** A signed-in member: the access token and the member id it carries. */
	record Shopper(String token, UUID memberId) {

		static Shopper of(String token) {
			if (token == null || token.isEmpty()) {
				throw new IllegalStateException("A shopper could not sign in");
			}
			String payload = token.split("\\.")[1];
			String json = new String(java.util.Base64.getUrlDecoder().decode(payload),
					java.nio.charset.StandardCharsets.UTF_8);
			return new Shopper(token, UUID.fromString(Shop.JSON.readTree(json).path("sub").asString()));
		}

	}

}
