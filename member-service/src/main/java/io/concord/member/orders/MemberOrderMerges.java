package io.concord.member.orders;

import io.concord.member.identity.MemberMerged;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A merge moves the merged member's order history to the survivor (before tiers
 * re-evaluate).
 */
@Component
class MemberOrderMerges {

	private final JdbcTemplate jdbc;

	MemberOrderMerges(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	@Order(0)
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberMerged merged) {
		this.jdbc.update("update member_order set member_id = ? where member_id = ?", merged.survivorMemberId(),
				merged.mergedMemberId());
	}

}
