package io.concord.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./concord [--fresh] [--demo] [--once] [--full-speed] [--data-dir=DIR]}: starts
 * the local stack, loads demo data, optionally runs the demo journey, and runs until
 * Ctrl-C.
 */
public final class ConcordLocal {

	private ConcordLocal() {
	}

	public static void main(String[] args) throws Exception {
		List<String> options = Arrays.asList(args);
		if (options.contains("--help") || options.contains("-h")) {
			System.out.println("""
					Usage: ./concord [--fresh] [--demo] [--once] [--full-speed] [--data-dir=DIR]
					  --fresh         wipe the data directory first
					  --demo          run the scripted storefront journey through the gateway
					  --once          stop after start-up (and the demo); exit code tells whether all went well
					  --full-speed    full JIT and bigger heaps (slower start; for profiling and load tests)
					  --data-dir=DIR  where PostgreSQL, Kafka and the logs live (default .concord/data)""");
			return;
		}
		Path dataDirectory = Path.of(option(options, "--data-dir=", ".concord/data")).toAbsolutePath();
		Path services = Path.of(System.getProperty("concord.services.dir", "local/target/services")).toAbsolutePath();
		LocalStack.Settings settings = LocalStack.Settings.defaults(dataDirectory, services)
			.fresh(options.contains("--fresh"));
		if (options.contains("--full-speed")) {
			settings = settings.jvm(LocalStack.Settings.FULL_SPEED);
		}
		LocalStack.Output out = (what, result) -> System.out.printf("  %-58s %s%n", what, result);

		Instant started = Instant.now();
		System.out.println("Concord local stack");
		LocalStack stack = LocalStack.start(settings, out);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("\nStopping Concord...");
			stack.close();
			stopped.countDown();
		}, "concord-local-stop"));

		Storefront gateway = new Storefront(stack.gatewayUrl());
		DemoData.seedOnce(gateway, new Storefront(stack.staffIssuerUrl()), dataDirectory, out);
		System.out.printf("%nUp in %ds.%n", Duration.between(started, Instant.now()).toSeconds());
		printWhereToGo(stack);
		boolean ok = true;
		if (options.contains("--demo")) {
			System.out.println("\nDemo journey (through " + stack.gatewayUrl() + "):");
			ok = new DemoJourney(stack, out).run();
			System.out
				.println(ok ? "Demo journey completed." : "Demo journey FAILED: see the step above and the logs.");
		}
		if (options.contains("--once")) {
			System.exit(ok ? 0 : 1);
		}
		System.out.println("\nRunning. Ctrl-C stops everything; data stays in " + dataDirectory + ".");
		stopped.await();
	}

	private static void printWhereToGo(LocalStack stack) {
		String gateway = stack.gatewayUrl();
		System.out.println(
				"""

						Where to go
						  Gateway (storefront, admin and webhooks)  %1$s
						  Ops console (sign in: ops-viewer, ops-manager or admin, password <user>-local-dev-only)
						                                            %6$s
						  Gateway readiness                         %1$s/readyz
						  Gateway actuator (metrics, Prometheus)    %5$s/actuator
						  Service health through the gateway        %1$s/admin/{members|inventory|promotions|fulfillment}/actuator/health
						  Swagger UI (every service)                %1$s/swagger-ui.html
						  Try it                                    curl -X POST %1$s/api/members -H 'Content-Type: application/json' \\
						                                              -H 'Idempotency-Key: $(uuidgen)' -d '{"displayName":"Ada","channel":"APP"}'
						  Member token                              POST %1$s/api/auth/one-time-codes {"type":"PHONE","value":"+86..."},
						                                            read the code at %2$s/dev/one-time-codes?destination=%%2B86...,
						                                            then POST %1$s/api/auth/token {"grantType":"one_time_code",...}
						  Staff token (role = ops-viewer, ops-manager or admin)
						                                            curl -s -u admin:admin-local-dev-only -d grant_type=client_credentials \\
						                                              %3$s/oauth2/token
						                                            then: curl -H "Authorization: Bearer $TOKEN" %1$s/admin/members/audit
						  Logs                                      %4$s"""
					.formatted(gateway, stack.serviceUrl("member-service"), stack.staffIssuerUrl(),
							stack.dataDirectory().resolve("logs"), stack.gatewayManagementUrl(), stack.consoleUrl()));
	}

	private static String option(List<String> options, String prefix, String fallback) {
		return options.stream()
			.filter((option) -> option.startsWith(prefix))
			.map((option) -> option.substring(prefix.length()))
			.findFirst()
			.orElse(fallback);
	}

}
