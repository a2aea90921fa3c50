package io.concord.member.orders;

import io.concord.member.identity.Identities;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What purging a load-test run (ADR-25) deletes of its members' orders and returns. */
@Configuration(proxyBeanMethods = false)
class OrdersTestRuns {

	@Bean
	static TestRunData.Steps ordersOfTestRuns() {
		return TestRunData.Steps.of(new TestRunData("member_order_return",
				"delete from member_order_return where order_id in (select order_id from member_order where member_id in "
						+ Identities.TEST_RUN_MEMBERS + ")"),
				new TestRunData("member_order",
						"delete from member_order where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

}
