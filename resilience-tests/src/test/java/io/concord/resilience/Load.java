package io.concord.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Shoppers' apps under a fault: each checkout is one {@code Idempotency-Key}, retried
 * with that same key (honouring {@code Retry-After}) while the answer is an outage, an
 * "in flight" or no answer at all, until it is placed, refused, or the app gives up; a
 * placed order is paid through the simulated provider. Coupon taps work the same way.
 */
final class Load implements AutoCloseable {

	/** Answers after which an app retries the same request (409 only when in flight). */
	private static final Set<Integer> RETRYABLE = Set.of(0, 429, 500, 502, 503, 504);

	static boolean retryable(Shop.Answer answer) {
		return RETRYABLE.contains(answer.status())
				|| (answer.status() == 409 && answer.problemType().equals("idempotency-key-in-flight"));
	}

	/** One checkout: every answer it got, in order, and what it ended as. */
	record Checkout(FaultStack.Shopper shopper, String key, String sku, int quantity, List<Shop.Answer> answers,
			String orderId, boolean paid, List<Shop.Answer> paymentAnswers) {

		Shop.Answer last() {
			return this.answers.get(this.answers.size() - 1);
		}

		boolean placed() {
			return this.orderId != null;
		}

		boolean refused() {
			return !placed() && !retryable(last());
		}

	}

	record Claim(FaultStack.Shopper shopper, String key, List<Shop.Answer> answers) {

		Shop.Answer last() {
			return this.answers.get(this.answers.size() - 1);
		}

		String couponId() {
			return (last().status() == 201 || last().status() == 200) ? last().body().path("couponId").asString()
					: null;
		}

	}

	private final FaultStack faults;

	private final Shop fulfillment;

	private final Duration giveUpAfter;

	private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

	private final List<Future<?>> running = Collections.synchronizedList(new ArrayList<>());

	final ConcurrentLinkedQueue<Checkout> checkouts = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<Claim> claims = new ConcurrentLinkedQueue<>();

	Load(FaultStack faults, Duration giveUpAfter) {
		this.faults = faults;
		this.fulfillment = faults.service("fulfillment-service");
		this.giveUpAfter = giveUpAfter;
	}

	/**
	 * Each shopper checks out once, one after another with {@code spacing} between
	 * starts, paying when {@code pay} says so.
	 */
	void checkouts(List<FaultStack.Shopper> shoppers, String sku, Duration spacing,
			Function<FaultStack.Shopper, Boolean> pay) {
		this.running.add(this.pool.submit(() -> {
			for (FaultStack.Shopper shopper : shoppers) {
				this.running
					.add(this.pool.submit(() -> this.checkouts.add(checkout(shopper, sku, 1, pay.apply(shopper)))));
				FaultLinks.pause(spacing.toMillis());
			}
		}));
	}

	void claims(List<FaultStack.Shopper> shoppers, String template, Duration spacing) {
		this.running.add(this.pool.submit(() -> {
			for (FaultStack.Shopper shopper : shoppers) {
				this.running.add(this.pool.submit(() -> this.claims.add(claim(shopper, template))));
				FaultLinks.pause(spacing.toMillis());
			}
		}));
	}

	Checkout checkout(FaultStack.Shopper shopper, String sku, int quantity, boolean pay) {
		String key = "checkout-" + UUID.randomUUID();
		String body = """
				{"channel": "APP", "lines": [{"sku": "%s", "quantity": %d}],
				 "shippingAddress": {"name": "Fault", "phone": "+8613900000000", "region": "CN-SH", "city": "Shanghai",
				 "line1": "1 Bund"}}""".formatted(sku, quantity);
		List<Shop.Answer> answers = retried(() -> this.faults.gateway.post("/api/orders", shopper.token(), key, body));
		Shop.Answer last = answers.get(answers.size() - 1);
		String orderId = (last.status() == 201) ? last.body().path("orderId").asString() : null;
		List<Shop.Answer> payments = new ArrayList<>();
		boolean paid = false;
		if (orderId != null && pay) {
			// The provider charged once (one transaction) and retries its callback until
			// the
			// shop acknowledges it.
			String transaction = "SIM-" + UUID.randomUUID();
			payments = retried(
					() -> this.fulfillment.post("/dev/payment-provider/payments", null, null,
							"{\"orderId\": \"" + orderId + "\", \"transactionId\": \"" + transaction + "\"}"),
					(answer) -> answer.status() == 200 && answer.body().path("callbackStatus").asInt() >= 500);
			Shop.Answer paidAnswer = payments.get(payments.size() - 1);
			paid = paidAnswer.status() == 200 && paidAnswer.body().path("callbackStatus").asInt() == 200;
		}
		return new Checkout(shopper, key, sku, quantity, answers, orderId, paid, payments);
	}

	Claim claim(FaultStack.Shopper shopper, String template) {
		String key = "claim-" + UUID.randomUUID();
		return new Claim(shopper, key, retried(() -> this.faults.gateway
			.post("/api/promotions/coupons/" + template + "/claim", shopper.token(), key, "")));
	}

	private List<Shop.Answer> retried(java.util.function.Supplier<Shop.Answer> call) {
		return retried(call, (answer) -> false);
	}

	private List<Shop.Answer> retried(java.util.function.Supplier<Shop.Answer> call,
			java.util.function.Predicate<Shop.Answer> alsoRetry) {
		List<Shop.Answer> answers = new ArrayList<>();
		long deadline = System.nanoTime() + this.giveUpAfter.toNanos();
		while (true) {
			Shop.Answer answer = call.get();
			answers.add(answer);
			boolean retry = retryable(answer) || alsoRetry.test(answer);
			if (!retry || System.nanoTime() > deadline) {
				return answers;
			}
			// Apps honour Retry-After, within reason; no answer at all: a second.
			FaultLinks.pause(Math.min(5, answer.retryAfterSeconds(1)) * 1000L);
		}
	}

	/** Waits for every checkout and claim started so far. */
	void await(Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (true) {
			List<Future<?>> snapshot;
			synchronized (this.running) {
				snapshot = new ArrayList<>(this.running);
			}
			boolean allDone = true;
			for (Future<?> task : snapshot) {
				try {
					task.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (java.util.concurrent.TimeoutException ex) {
					throw new AssertionError(
							"The load did not finish within " + atMost + ": a request or its retries never ended", ex);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			synchronized (this.running) {
				allDone = this.running.size() == snapshot.size();
			}
			if (allDone) {
				return;
			}
		}
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}

}
