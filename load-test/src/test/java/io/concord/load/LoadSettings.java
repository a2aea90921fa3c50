package io.concord.load;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the rehearsal runs against and how hard, from system properties ({@code -D} on the
 * Maven command line reaches the Gatling JVM).
 *
 * @param mode {@code smoke} (a low rate for well under a minute: the verify phase),
 * {@code peak} (the funnel: ramp, steady state, a coupon drop spike) or {@code step}
 * (checkout alone, raised in steps until it saturates; writes docs/capacity.md)
 * @param baseUrl the gateway; blank: the run starts a local stack itself
 * @param staffIssuerUrl the development staff issuer (ops, admin and channel tokens)
 * @param memberServiceUrl member-service (its dev mailbox holds the one-time codes)
 * @param fulfillmentServiceUrl fulfillment-service (its simulated payment provider)
 * @param inventoryServiceUrl inventory-service (its Prometheus endpoint)
 * @param promotionServiceUrl promotion-service (its Prometheus endpoint)
 * @param gatewayManagementUrl the gateway's actuator (its Prometheus endpoint)
 * @param postgresPort PostgreSQL's port (its processes' CPU is read from /proc)
 * @param kafkaPort Kafka's port (the CPU of the process that runs it)
 * @param rate checkouts per second in the steady state (peak, smoke), or of the first
 * step (step)
 * @param rampUp how long browsing and checkout take to reach their rates
 * @param steady how long the steady state lasts (the drop opens at its start: T0)
 * @param stepIncrement checkouts per second added per step
 * @param warmUp how long the run warms the stack up before measuring (the JIT compiles
 * the checkout path meanwhile): the step mode at its first rate, the peak mode with
 * checkouts and availability reads at half its rate in a group of their own; none in the
 * smoke run
 * @param stepDuration how long each step holds its rate
 * @param maxSteps the most steps, if the stack never saturates
 * @param shoppers signed-in members who check out (round robin)
 * @param p99Millis the 99th percentile every request group must stay under
 * @param fullSpeed a self-started stack runs with {@code ./concord --full-speed}'s JVMs
 * @param servicesDirectory the applications' jars (self-started stack)
 * @param report where the step mode writes the capacity report
 * @param testRun the run id every request is tagged with (shadow traffic, ADR-25): what
 * the run writes is the run's, and is purged at its end
 */
record LoadSettings(String mode, String baseUrl, String staffIssuerUrl, String memberServiceUrl,
		String fulfillmentServiceUrl, String inventoryServiceUrl, String promotionServiceUrl,
		String gatewayManagementUrl, int postgresPort, int kafkaPort, double rate, Duration rampUp, Duration steady,
		double stepIncrement, Duration warmUp, Duration stepDuration, int maxSteps, int shoppers, long p99Millis,
		boolean fullSpeed, Path servicesDirectory, Path report, String testRun) {

	static final String SMOKE = "smoke";

	static final String PEAK = "peak";

	static final String STEP = "step";

	static LoadSettings fromSystemProperties() {
		String mode = property("concord.mode", SMOKE);
		if (!mode.equals(SMOKE) && !mode.equals(PEAK) && !mode.equals(STEP)) {
			throw new IllegalArgumentException("concord.mode is smoke, peak or step, not " + mode);
		}
		boolean smoke = mode.equals(SMOKE);
		String base = property("concord.baseUrl", "");
		Path root = Path.of(property("concord.repositoryRoot", "..")).toAbsolutePath().normalize();
		return new LoadSettings(mode, base, property("concord.staffIssuerUrl", "http://localhost:9000"),
				property("concord.memberServiceUrl", "http://localhost:8081"),
				property("concord.fulfillmentServiceUrl", "http://localhost:8084"),
				property("concord.inventoryServiceUrl", "http://localhost:8082"),
				property("concord.promotionServiceUrl", "http://localhost:8083"),
				property("concord.gatewayManagementUrl", "http://localhost:8180"),
				Integer.parseInt(property("concord.postgresPort", "15432")),
				Integer.parseInt(property("concord.kafkaPort", "19092")),
				Double.parseDouble(property("concord.rate", smoke ? "1" : mode.equals(STEP) ? "5" : "10")),
				seconds("concord.rampUp", smoke ? 8 : 20), seconds("concord.steady", smoke ? 25 : 60),
				Double.parseDouble(property("concord.stepIncrement", "3")), seconds("concord.warmUp", smoke ? 0 : 120),
				seconds("concord.stepDuration", 30), Integer.parseInt(property("concord.maxSteps", "10")),
				Integer.parseInt(property("concord.shoppers", smoke ? "8" : "64")),
				Long.parseLong(property("concord.p99Ms", smoke ? "5000" : "1000")),
				Boolean.parseBoolean(property("concord.fullSpeed", smoke ? "false" : "true")),
				Path.of(property("concord.servicesDir", "target/services")).toAbsolutePath(),
				Path.of(property("concord.report", root.resolve("docs/capacity.md").toString())),
				property("concord.testRun", mode + "-" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
					.format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
	}

	boolean startsOwnStack() {
		return this.baseUrl.isBlank();
	}

	/** How long the injection runs (the step mode may stop earlier). */
	Duration length() {
		if (this.mode.equals(STEP)) {
			return this.warmUp.plus(this.stepDuration.multipliedBy(this.maxSteps));
		}
		return this.warmUp.plus(this.rampUp).plus(this.steady);
	}

	private static Duration seconds(String name, long fallback) {
		return Duration.ofSeconds(Long.parseLong(property(name, String.valueOf(fallback))));
	}

	private static String property(String name, String fallback) {
		String value = System.getProperty(name);
		return (value == null || value.isBlank()) ? fallback : value.trim();
	}

}
