package io.concord.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.concord.platform.test.PublishedEvents;
import io.concord.platform.test.ReceivedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fault under load: shoppers check out (and tap a coupon drop) through the gateway
 * while the test breaks something; then every invariant is awaited, and how long the
 * system took to come back is recorded in {@code target/resilience-report.md}.
 */
final class Scenario implements AutoCloseable {

	/** After the fault ends, a retried checkout learns its outcome within this. */
	static final Duration ANSWER_AFTER_RECOVERY = Duration.ofSeconds(10);

	/** After the fault ends, nothing is stuck and every outbox is empty within this. */
	static final Duration SETTLED_AFTER_RECOVERY = Duration.ofSeconds(30);

	static final int STOCK = 10_000;

	static final int COUPONS = 40;

	private static final Path REPORT = Path.of("target/resilience-report.md");

	final String name;

	final FaultStack faults;

	final Invariants invariants;

	final Load load;

	final String sku;

	final String template;

	final List<FaultStack.Shopper> shoppers;

	private final List<PublishedEvents> topics = new ArrayList<>();

	private long faultEndedAt;

	private long faultStartedAt;

	Scenario(String name, int shoppers) {
		this.name = name;
		this.faults = FaultStack.get();
		this.faults.links.healAll();
		this.invariants = new Invariants(this.faults);
		this.sku = this.faults.stockedSku("FLT", STOCK, 2900);
		this.template = this.faults.couponDrop(COUPONS);
		this.shoppers = this.faults.shoppers(shoppers);
		for (String topic : List.of("concord.fulfillment.events.v1", "concord.inventory.events.v1",
				"concord.promotion.events.v1", "concord.member.events.v1")) {
			this.topics.add(PublishedEvents.from(this.faults.stack.kafka().bootstrapServers(), topic));
		}
		// Shoppers' apps give up on one checkout after two minutes of retries.
		this.load = new Load(this.faults, Duration.ofMinutes(2));
	}

	/** Checkouts (every other one paid) and coupon taps, spread over {@code over}. */
	Scenario start(Duration over) {
		Duration spacing = over.dividedBy(Math.max(1, this.shoppers.size()));
		this.load.checkouts(this.shoppers, this.sku, spacing, (shopper) -> this.shoppers.indexOf(shopper) % 2 == 0);
		this.load.claims(this.shoppers, this.template, spacing);
		return this;
	}

	void faultStarts() {
		this.faultStartedAt = System.nanoTime();
	}

	void faultEnds() {
		this.faultEndedAt = System.nanoTime();
	}

	static void sleep(Duration duration) {
		FaultLinks.pause(duration.toMillis());
	}

	/**
	 * Waits for the load, then for every invariant; fails listing every violation.
	 */
	void verify() {
		this.load.await(Duration.ofMinutes(3));
		List<String> violations = new ArrayList<>();
		Duration settled;
		try {
			settled = Duration.ofNanos(Invariants.awaitHolds(SETTLED_AFTER_RECOVERY.plusSeconds(15), () -> {
				List<String> found = new ArrayList<>(this.invariants.nothingStuck(this.sku));
				found.addAll(this.invariants.outboxesDrained());
				return found;
			}) - this.faultEndedAt);
		}
		catch (AssertionError ex) {
			settled = null;
			violations.add(ex.getMessage());
		}
		List<ReceivedEvent> fulfillmentEvents = this.topics.get(0).received();
		violations.addAll(this.invariants.oneOrderPerCheckout(this.load.checkouts));
		violations.addAll(this.invariants.stockAddsUp(this.sku, STOCK));
		violations.addAll(this.invariants.couponsAddUp(this.template, COUPONS, this.load.claims));
		violations.addAll(this.invariants.pointsAddUp());
		violations.addAll(this.invariants.orderEventsPublished(this.sku, fulfillmentEvents));
		try {
			Invariants.awaitHolds(Duration.ofSeconds(30), () -> this.invariants.demandRecordedOnce(this.sku));
		}
		catch (AssertionError ex) {
			violations.add(ex.getMessage());
		}
		long duplicates = 0;
		for (PublishedEvents topic : this.topics) {
			duplicates += Invariants.duplicateDeliveries(topic.received()).size();
		}
		Duration slowestAnswer = slowestAnswerAfterRecovery();
		report(settled, slowestAnswer, duplicates);
		assertThat(violations).as(this.name + ": invariants").isEmpty();
		java.util.List<Shop.Answer> answers = new java.util.ArrayList<>();
		this.load.checkouts.forEach((checkout) -> answers.addAll(checkout.answers()));
		this.load.claims.forEach((claim) -> answers.addAll(claim.answers()));
		assertThat(answers).as("%s: every refusal is a problem document, never a 500", this.name)
			.noneMatch((answer) -> answer.status() >= 500 && answer.status() != 503
					|| answer.status() >= 400 && answer.problemType().isEmpty());
		assertThat(this.load.checkouts).as("%s: the apps placed orders", this.name)
			.anySatisfy((checkout) -> assertThat(checkout.placed()).isTrue());
		assertThat(slowestAnswer)
			.as("%s: a retried checkout learned its outcome within %s of recovery", this.name, ANSWER_AFTER_RECOVERY)
			.isLessThanOrEqualTo(ANSWER_AFTER_RECOVERY);
		assertThat(settled)
			.as("%s: nothing stuck and every event published within %s of recovery", this.name, SETTLED_AFTER_RECOVERY)
			.isLessThanOrEqualTo(SETTLED_AFTER_RECOVERY);
	}

	/**
	 * Of the checkouts still retrying when the fault ended, the longest it took until one
	 * got its final answer (placed or refused).
	 */
	private Duration slowestAnswerAfterRecovery() {
		long slowest = 0;
		for (Load.Checkout checkout : this.load.checkouts) {
			Shop.Answer last = checkout.last();
			boolean waitingAtRecovery = checkout.answers()
				.stream()
				.anyMatch((answer) -> answer.atNanos() <= this.faultEndedAt && Load.retryable(answer));
			if (waitingAtRecovery && last.atNanos() > this.faultEndedAt) {
				slowest = Math.max(slowest, last.atNanos() - this.faultEndedAt);
			}
		}
		return Duration.ofNanos(slowest);
	}

	private void report(Duration settled, Duration slowestAnswer, long duplicates) {
		long placed = this.load.checkouts.stream().filter(Load.Checkout::placed).count();
		long refused = this.load.checkouts.stream().filter(Load.Checkout::refused).count();
		long gaveUp = this.load.checkouts.size() - placed - refused;
		long paid = this.load.checkouts.stream().filter(Load.Checkout::paid).count();
		long claimed = this.load.claims.stream().filter((c) -> c.couponId() != null).count();
		Map<String, Long> statuses = new java.util.TreeMap<>();
		this.load.checkouts.forEach((c) -> c.answers()
			.forEach((a) -> statuses.merge(a.status() + ((a.status() >= 400) ? " " + a.problemType() : ""), 1L,
					Long::sum)));
		String row = "| %s | %.1f s | %d placed, %d paid, %d refused, %d gave up | %d coupons | %s | %.1f s | %.1f s | %d |%n"
			.formatted(this.name, (this.faultEndedAt - this.faultStartedAt) / 1e9, placed, paid, refused, gaveUp,
					claimed, statuses, slowestAnswer.toMillis() / 1e3,
					(settled != null) ? settled.toMillis() / 1e3 : Double.NaN, duplicates);
		try {
			if (!Files.exists(REPORT)) {
				Files.createDirectories(REPORT.getParent());
				Files.writeString(REPORT,
						"""
								| Fault | Fault lasted | Checkouts | Coupon taps | Answers seen (status: count) | Slowest outcome after recovery | Settled after recovery | Duplicate deliveries |
								|---|---|---|---|---|---|---|---|
								""");
			}
			Files.writeString(REPORT, row, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.out.print("RESILIENCE " + row);
	}

	@Override
	public void close() {
		this.load.close();
		this.topics.forEach(PublishedEvents::close);
		this.faults.links.healAll();
	}

}
