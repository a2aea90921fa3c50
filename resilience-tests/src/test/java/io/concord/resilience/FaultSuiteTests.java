package io.concord.resilience;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Concord broken on purpose, one fault per test, under checkout and coupon load through
 * the real gateway and services (processes, as {@code ./concord} runs them). Each test
 * ends with every invariant of {@link Invariants} and the recovery times the fault
 * allows; the measured times go to {@code target/resilience-report.md} (and
 * docs/resilience.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTests {

	private static final Duration RESTART = Duration.ofMinutes(3);

	@BeforeAll
	static void startStack() {
		FaultStack.get();
	}

	@Test
	@org.junit.jupiter.api.Order(0)
	@DisplayName("without a fault, checkouts and coupon taps pass through every proxy and every invariant holds")
	void noFault() {
		try (Scenario scenario = new Scenario("no fault (baseline)", 10)) {
			scenario.start(Duration.ofSeconds(3));
			scenario.faultStarts();
			scenario.faultEnds();
			scenario.verify();
		}
	}

	@Test
	@org.junit.jupiter.api.Order(1)
	@DisplayName("fulfillment-service killed (kill -9) mid-saga, restarted on the same data")
	void fulfillmentKilledMidSaga() {
		killed("fulfillment-service");
	}

	@Test
	@org.junit.jupiter.api.Order(2)
	@DisplayName("inventory-service killed (kill -9) mid-batch, restarted on the same data")
	void inventoryKilledMidBatch() {
		killed("inventory-service");
	}

	@Test
	@org.junit.jupiter.api.Order(3)
	@DisplayName("promotion-service killed (kill -9) mid-claim, restarted on the same data")
	void promotionKilledMidClaim() {
		killed("promotion-service");
	}

	@Test
	@org.junit.jupiter.api.Order(4)
	@DisplayName("member-service killed (kill -9) under load, restarted on the same data")
	void memberKilled() {
		killed("member-service");
	}

	@Test
	@org.junit.jupiter.api.Order(5)
	@DisplayName("Kafka stopped for 30 s mid-load, then back")
	void kafkaStopped() {
		try (Scenario scenario = new Scenario("Kafka broker stopped 30 s", 30)) {
			scenario.start(Duration.ofSeconds(20));
			Scenario.sleep(Duration.ofSeconds(3));
			scenario.faultStarts();
			scenario.faults.stack.kafka().stop();
			Scenario.sleep(Duration.ofSeconds(30));
			scenario.faults.stack.kafka().start();
			scenario.faultEnds();
			scenario.verify();
		}
	}

	@Test
	@org.junit.jupiter.api.Order(6)
	@DisplayName("fulfillment-service's link to Kafka frozen, then its acknowledgements lost")
	void kafkaLinkFrozenAndAcksLost() {
		try (Scenario scenario = new Scenario("fulfillment <-> Kafka: frozen 15 s, then acks lost 5 s", 30)) {
			FaultLinks.Link link = scenario.faults.links.kafka("fulfillment-service");
			scenario.start(Duration.ofSeconds(20));
			Scenario.sleep(Duration.ofSeconds(3));
			scenario.faultStarts();
			link.freeze();
			Scenario.sleep(Duration.ofSeconds(15));
			link.unfreeze();
			link.dropReplies(true);
			Scenario.sleep(Duration.ofSeconds(5));
			link.cutConnections();
			link.heal();
			scenario.faultEnds();
			scenario.verify();
		}
	}

	@Test
	@org.junit.jupiter.api.Order(7)
	@DisplayName("inventory-service's link to PostgreSQL frozen; fulfillment-service's acknowledgements from PostgreSQL lost")
	void databaseLinksFrozenAndAcksLost() {
		try (Scenario scenario = new Scenario(
				"inventory <-> PostgreSQL frozen 8 s; fulfillment <-> PostgreSQL acks lost 3 s", 30)) {
			FaultLinks.Link inventory = scenario.faults.links.database("inventory-service");
			FaultLinks.Link fulfillment = scenario.faults.links.database("fulfillment-service");
			scenario.start(Duration.ofSeconds(20));
			Scenario.sleep(Duration.ofSeconds(3));
			scenario.faultStarts();
			inventory.freeze();
			Scenario.sleep(Duration.ofSeconds(8));
			inventory.unfreeze();
			fulfillment.dropReplies(true);
			Scenario.sleep(Duration.ofSeconds(3));
			fulfillment.cutConnections();
			fulfillment.heal();
			scenario.faultEnds();
			scenario.verify();
		}
	}

	@Test
	@org.junit.jupiter.api.Order(8)
	@DisplayName("PostgreSQL stopped immediately (no checkpoint) and restarted")
	void postgresCrashed() {
		try (Scenario scenario = new Scenario("PostgreSQL crashed (immediate stop), back after 5 s", 30)) {
			scenario.start(Duration.ofSeconds(20));
			Scenario.sleep(Duration.ofSeconds(3));
			scenario.faultStarts();
			scenario.faults.stack.postgres().crash();
			Scenario.sleep(Duration.ofSeconds(5));
			scenario.faults.stack.postgres().restartAfterCrash();
			scenario.faultEnds();
			scenario.verify();
		}
	}

	@Test
	@org.junit.jupiter.api.Order(9)
	@DisplayName("a slow partner: 2 s added to every answer of inventory-service to the order flow")
	void slowPartner() {
		try (Scenario scenario = new Scenario("inventory-service 2 s slower for 20 s", 30)) {
			FaultLinks.Partner inventory = scenario.faults.links.partner("inventory-service");
			scenario.start(Duration.ofSeconds(20));
			Scenario.sleep(Duration.ofSeconds(2));
			scenario.faultStarts();
			inventory.slow(2000);
			Scenario.sleep(Duration.ofSeconds(20));
			inventory.heal();
			scenario.faultEnds();
			scenario.verify();
		}
	}

	@Test
	@org.junit.jupiter.api.Order(10)
	@DisplayName("a failing partner: promotion-service answers 500 to the order flow")
	void failingPartner() {
		try (Scenario scenario = new Scenario("promotion-service answers 500 for 15 s", 30)) {
			FaultLinks.Partner promotion = scenario.faults.links.partner("promotion-service");
			scenario.start(Duration.ofSeconds(20));
			Scenario.sleep(Duration.ofSeconds(2));
			scenario.faultStarts();
			promotion.fail();
			Scenario.sleep(Duration.ofSeconds(15));
			promotion.heal();
			scenario.faultEnds();
			scenario.verify();
		}
	}

	private static void killed(String service) {
		try (Scenario scenario = new Scenario(service + " killed (kill -9), restarted", 30)) {
			scenario.start(Duration.ofSeconds(15));
			Scenario.sleep(Duration.ofSeconds(3));
			scenario.faultStarts();
			scenario.faults.stack.kill(service);
			Scenario.sleep(Duration.ofSeconds(2));
			scenario.faults.stack.restart(service, RESTART);
			scenario.faultEnds();
			scenario.verify();
		}
	}

}
