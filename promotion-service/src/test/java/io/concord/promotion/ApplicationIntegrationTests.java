package io.concord.promotion;

import io.concord.platform.test.ServiceApplicationTests;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationIntegrationTests extends ServiceApplicationTests {

	ApplicationIntegrationTests() {
		super("promotion_service", "/admin/promotions");
	}

}
