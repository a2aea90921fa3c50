package io.concord.fulfillment;

import java.util.concurrent.atomic.AtomicReference;

import io.concord.fulfillment.partners.ServiceTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * fulfillment-service on the shared PostgreSQL and Kafka, with its partners answered by
 * {@link PartnerStub} and one configured payment provider ({@link #PAYMENT_PROVIDER}).
 * Every integration test class extends this, so they share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concord.fulfillment.jobs.interval=1h", "concord.fulfillment.dev-tools.enabled=false",
				// Price protection credits LIVE orders by itself (auto mode), the others
				// on
				// a claim.
				"concord.fulfillment.price-protection.channels.LIVE.auto=true",
				"concord.fulfillment.payments.providers." + FulfillmentIntegrationTest.PAYMENT_PROVIDER + ".secret="
						+ FulfillmentIntegrationTest.PAYMENT_SECRET,
				// A connector's secrets, for the connector tests (RecordingPlatform).
				"concord.fulfillment.connectors.secrets.test-connector-api=test-connector-api-secret-0001",
				"concord.fulfillment.connectors.secrets.test-connector-webhook="
						+ FulfillmentIntegrationTest.CONNECTOR_WEBHOOK_SECRET })
@Import(FulfillmentIntegrationTest.TestPartners.class)
public abstract class FulfillmentIntegrationTest {

	/**
	 * A payment provider configured as production configures real ones (the simulated one
	 * does not exist without the dev tools).
	 */
	public static final String PAYMENT_PROVIDER = "testpay";

	public static final String PAYMENT_SECRET = "testpay-callback-secret-0001";

	public static final String CONNECTOR_WEBHOOK_SECRET = "test-connector-webhook-secret-0001";

	/** Where the next placement should "crash" (a step name), if anywhere. */
	public static final AtomicReference<String> CRASH_AT = new AtomicReference<>();

	@DynamicPropertySource
	static void partners(DynamicPropertyRegistry registry) {
		registry.add("concord.fulfillment.partners.inventory-url", () -> PartnerStub.get().url());
		registry.add("concord.fulfillment.partners.promotion-url", () -> PartnerStub.get().url());
		registry.add("concord.fulfillment.partners.member-url", () -> PartnerStub.get().url());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestPartners {

		@Bean
		@Primary
		ServiceTokens stubServiceTokens() {
			return () -> "stub-token";
		}

		@Bean
		io.concord.fulfillment.ordering.TestCheckpoints crashSwitch() {
			return new io.concord.fulfillment.ordering.TestCheckpoints(CRASH_AT);
		}

	}

}
