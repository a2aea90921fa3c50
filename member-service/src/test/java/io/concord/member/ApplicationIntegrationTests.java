package io.concord.member;

import io.concord.platform.test.ServiceApplicationTests;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationIntegrationTests extends ServiceApplicationTests {

	ApplicationIntegrationTests() {
		super("member_service", "/admin/members");
	}

}
