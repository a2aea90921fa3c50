package io.concord.fulfillment;

import io.concord.platform.test.ServiceApplicationTests;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationIntegrationTests extends ServiceApplicationTests {

	ApplicationIntegrationTests() {
		super("fulfillment_service", "/admin/fulfillment");
	}

}
