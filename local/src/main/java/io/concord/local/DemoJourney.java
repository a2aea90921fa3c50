package io.concord.local;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The scripted storefront journey through the gateway. Each step prints what it did and
 * what came back; the journey grows as services land, towards register -> sign in ->
 * claim coupon -> quote -> order -> pay -> ship -> deliver -> points.
 */
final class DemoJourney {

	private final Storefront gateway;

	private final LocalStack.Output out;

	DemoJourney(Storefront gateway, LocalStack.Output out) {
		this.gateway = gateway;
		this.out = out;
	}

	/**
	 * Runs every step; returns false at the first step that did not do what it should.
	 */
	boolean run() {
		for (String service : List.of("members", "inventory", "promotions", "fulfillment")) {
			Storefront.Answer health = this.gateway.get("/admin/" + service + "/actuator/health");
			if (!check("Health of " + service + " through the gateway", health.ok(),
					health.body().path("status").asString(health.raw()))) {
				return false;
			}
		}
		String key = "demo-" + UUID.randomUUID();
		String registration = """
				{"displayName": "Demo Shopper", "channel": "APP"}""";
		Storefront.Answer registered = this.gateway.post("/api/members", registration, key);
		String memberId = registered.body().path("id").asString("");
		if (!check("Register a member on the app (POST /api/members)", registered.status() == 201,
				registered.status() + " member " + memberId)) {
			return false;
		}
		Storefront.Answer retried = this.gateway.post("/api/members", registration, key);
		if (!check("Retry the same registration (same Idempotency-Key)",
				retried.status() == 201 && memberId.equals(retried.body().path("id").asString())
						&& retried.header("Idempotent-Replayed").equals("true"),
				retried.status() + " same member, Idempotent-Replayed: " + retried.header("Idempotent-Replayed"))) {
			return false;
		}
		Storefront.Answer read = this.gateway.get("/api/members/" + memberId);
		if (!check("Read the member (GET /api/members/{id})", read.ok(), read.body().path("displayName").asString()
				+ " via " + read.body().path("registeredChannel").asString())) {
			return false;
		}
		Storefront.Answer invalid = this.gateway.post("/api/members", "{\"displayName\": \"\"}", "demo-invalid-" + key);
		if (!check("Bad input is answered with problem details", invalid.status() == 400,
				invalid.status() + " " + invalid.body().path("type").asString())) {
			return false;
		}
		Storefront.Answer audience = awaitAudience(memberId);
		return check("promotion-service learned of the member over Kafka (MemberRegistered)", audience.ok(),
				"audience member since " + audience.body().path("registeredAt").asString());
	}

	private Storefront.Answer awaitAudience(String memberId) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Storefront.Answer answer;
		do {
			answer = this.gateway.get("/admin/promotions/audience/" + memberId);
			if (answer.ok()) {
				return answer;
			}
			try {
				Thread.sleep(200); // the event crosses Kafka asynchronously; poll the
									// read side
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return answer;
			}
		}
		while (System.nanoTime() < deadline);
		return answer;
	}

	private boolean check(String step, boolean passed, String result) {
		this.out.step((passed ? "PASS " : "FAIL ") + step, result);
		return passed;
	}

}
