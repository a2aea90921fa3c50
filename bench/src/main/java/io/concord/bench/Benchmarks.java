package io.concord.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.concord.local.LocalStack;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the benchmarks on a fresh local stack, in one process so the ratios compare like
 * with like. Usage: {@code java -jar bench/target/bench-*-exec.jar [requests] [clients]}.
 *
 * <ol>
 * <li>Member registration (a database write with an outbox row and an idempotency record)
 * straight to member-service vs through the gateway: throughput, p50, p99 and their
 * ratios.
 * <li>Event propagation: from the registration's 201 to the member being in
 * promotion-service's audience (outbox, Kafka, idempotent consumer): p50 and p99.
 * </ol>
 */
public final class Benchmarks {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("reservations")) {
			ReservationBenchmark.run(args);
			return;
		}
		if (args.length > 0 && args[0].equals("forecast-export")) {
			ForecastBenchmark.export(args);
			return;
		}
		if (args.length > 0 && args[0].equals("forecast-production")) {
			ForecastBenchmark.production((args.length > 1) ? Integer.parseInt(args[1]) : 30_490,
					(args.length > 2) ? Integer.parseInt(args[2]) : 1_941);
			return;
		}
		if (args.length > 0 && args[0].equals("forecast")) {
			ForecastBenchmark.run(args);
			return;
		}
		if (args.length > 0 && args[0].equals("claims")) {
			CouponClaimBenchmark.run(args);
			return;
		}
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 4000;
		int clients = (args.length > 1) ? Integer.parseInt(args[1]) : 32;
		Path data = Files.createTempDirectory("concord-bench");
		LocalStack.Settings settings = LocalStack.Settings
			.defaults(data, Path.of(System.getProperty("concord.services.dir", "local/target/services")))
			.fresh(true)
			// Below the ephemeral range (32768+), where PostgreSQL and Kafka take their
			// ports.
			.ports(24080, 16000, 0, 0)
			.jvm(LocalStack.Settings.FULL_SPEED);
		try (LocalStack stack = LocalStack.start(settings,
				(what, result) -> System.out.println(what + ": " + result))) {
			String direct = stack.serviceUrl("member-service");
			String gateway = stack.gatewayUrl();
			// Long enough for the JIT's top tier on every hot path (a short warm-up
			// measured a
			// half-compiled gateway at twice its steady cost).
			System.out.printf("%nWarm-up (%d registrations and %d reads each)...%n", requests, 3 * requests);
			register(direct, requests, clients);
			register(gateway, requests, clients);

			// Latency the gateway adds when it is not saturated (one client at a time),
			// then
			// throughput when everything on the machine is.
			String staff = stack.staffToken("ops-viewer");
			String memberId = post(direct, "Bench reader");
			readMember(direct, staff, memberId, 3 * requests, clients);
			readMember(gateway, staff, memberId, 3 * requests, clients);
			compare("Signed-in read GET /admin/members/{id}, %d requests, 1 client".formatted(requests / 4),
					readMember(direct, staff, memberId, requests / 4, 1),
					readMember(gateway, staff, memberId, requests / 4, 1));
			compare("Signed-in read GET /admin/members/{id}, %d requests, %d concurrent clients".formatted(requests,
					clients), readMember(direct, staff, memberId, requests, clients),
					readMember(gateway, staff, memberId, requests, clients));
			compare("Member registration, %d requests, 1 client".formatted(requests / 4),
					register(direct, requests / 4, 1), register(gateway, requests / 4, 1));
			Latencies directRun = register(direct, requests, clients);
			Latencies gatewayRun = register(gateway, requests, clients);
			compare("Member registration, %d requests, %d concurrent clients".formatted(requests, clients), directRun,
					gatewayRun);

			long drainStarted = System.nanoTime();
			long backlog = outboxBacklog(stack);
			awaitOutboxDrained(stack);
			double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
			System.out.printf(
					"%nOutbox after the load: %d events waiting, drained in %.1f s; %d events published in %.1f s"
							+ " of load and drain: %.0f events/s%n",
					backlog, drainSeconds, 4L * requests + 2L * (requests / 4) + 1,
					directRun.seconds() + gatewayRun.seconds() + drainSeconds,
					(2 * requests) / (directRun.seconds() + gatewayRun.seconds() + drainSeconds));

			long consumerStarted = System.nanoTime();
			long expected = 4L * requests + 2L * (requests / 4) + 1;
			awaitAudience(stack, expected);
			double consumerSeconds = (System.nanoTime() - consumerStarted) / 1e9;
			System.out.printf(
					"Consumer lag after the load: promotion-service caught up %.1f s after the outbox drained"
							+ " (%d events consumed in %.1f s of load and catch-up: %.0f events/s)%n",
					consumerSeconds, expected,
					directRun.seconds() + gatewayRun.seconds() + drainSeconds + consumerSeconds,
					expected / (directRun.seconds() + gatewayRun.seconds() + drainSeconds + consumerSeconds));

			Latencies propagation = propagation(stack, direct, 300);
			System.out.printf("%nEvent propagation member-service -> Kafka -> promotion-service (%d events)%n",
					propagation.micros().length);
			System.out.printf("  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", propagation.percentileMillis(50),
					propagation.percentileMillis(99), propagation.percentileMillis(100));
		}
	}

	static Latencies register(String baseUrl, int requests, int clients) throws Exception {
		return load(baseUrl, requests, clients, (i) -> post(baseUrl, "Bench " + i) != null);
	}

	/** Signed-in reads: a staff token checked at the gateway and again at the service. */
	static Latencies readMember(String baseUrl, String token, String memberId, int requests, int clients)
			throws Exception {
		return load(baseUrl, requests, clients, (i) -> get(baseUrl + "/admin/members/" + memberId, token));
	}

	static Latencies load(String baseUrl, int requests, int clients, java.util.function.IntPredicate call)
			throws Exception {
		long[] micros = new long[requests];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		long started = System.nanoTime();
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			List<Future<?>> workers = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				workers.add(pool.submit(() -> {
					for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
						long begin = System.nanoTime();
						if (!call.test(i)) {
							failures.incrementAndGet();
						}
						micros[i] = (System.nanoTime() - begin) / 1000;
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " requests failed against " + baseUrl);
		}
		return Latencies.of(micros, seconds);
	}

	static Latencies propagation(LocalStack stack, String baseUrl, int events) throws Exception {
		long[] micros = new long[events];
		try (Connection promotion = DriverManager.getConnection(stack.jdbcUrl("promotion-service"),
				stack.databaseUser(), stack.databasePassword());
				PreparedStatement known = promotion
					.prepareStatement("select count(*) from audience_member where member_id = ?::uuid")) {
			for (int i = 0; i < events; i++) {
				String memberId = post(baseUrl, "Propagation " + i);
				long acknowledged = System.nanoTime();
				while (!exists(known, memberId)) {
					Thread.sleep(1); // poll another process's table without starving it
										// of the two cores
					if (System.nanoTime() - acknowledged > Duration.ofSeconds(30).toNanos()) {
						throw new IllegalStateException("Member " + memberId + " never reached promotion-service");
					}
				}
				micros[i] = (System.nanoTime() - acknowledged) / 1000;
				if (micros[i] > 1_000_000) {
					System.out.printf("  slow event #%d: %.1f s%n", i, micros[i] / 1e6);
				}
			}
		}
		return Latencies.of(micros, 1);
	}

	static long outboxBacklog(LocalStack stack) throws Exception {
		try (Connection member = DriverManager.getConnection(stack.jdbcUrl("member-service"), stack.databaseUser(),
				stack.databasePassword());
				ResultSet rows = member.createStatement()
					.executeQuery("select count(*) from event_publication where completion_date is null")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	static void awaitAudience(LocalStack stack, long members) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		try (Connection promotion = DriverManager.getConnection(stack.jdbcUrl("promotion-service"),
				stack.databaseUser(), stack.databasePassword())) {
			while (true) {
				try (ResultSet rows = promotion.createStatement()
					.executeQuery("select count(*) from audience_member")) {
					rows.next();
					if (rows.getLong(1) >= members) {
						return;
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("promotion-service did not catch up in 10 minutes");
				}
				Thread.sleep(100); // polling another process's table
			}
		}
	}

	static void awaitOutboxDrained(LocalStack stack) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (outboxBacklog(stack) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Outbox not drained in 10 minutes");
			}
			Thread.sleep(100); // polling another process's table
		}
	}

	private static boolean exists(PreparedStatement known, String memberId) throws Exception {
		known.setString(1, memberId);
		try (ResultSet rows = known.executeQuery()) {
			rows.next();
			return rows.getInt(1) == 1;
		}
	}

	private static String post(String baseUrl, String name) {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/members"))
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"" + name + "\",\"channel\":\"APP\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 201) ? JSON.readTree(response.body()).path("id").asString() : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	private static boolean get(String url, String token) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static void compare(String title, Latencies directRun, Latencies gatewayRun) {
		System.out.printf("%n%s%n", title);
		report("direct to member-service", directRun);
		report("through the gateway", gatewayRun);
		System.out.printf("  ratio gateway/direct: throughput %.2fx, p50 +%.2f ms, p99 +%.2f ms%n",
				gatewayRun.throughput() / directRun.throughput(),
				gatewayRun.percentileMillis(50) - directRun.percentileMillis(50),
				gatewayRun.percentileMillis(99) - directRun.percentileMillis(99));
	}

	private static void report(String label, Latencies run) {
		System.out.printf("  %-26s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms%n", label, run.throughput(),
				run.percentileMillis(50), run.percentileMillis(99));
	}

}
