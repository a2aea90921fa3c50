package io.concord.inventory;

import io.concord.platform.test.ServiceApplicationTests;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationIntegrationTests extends ServiceApplicationTests {

	ApplicationIntegrationTests() {
		super("inventory_service", "/admin/inventory");
	}

}
