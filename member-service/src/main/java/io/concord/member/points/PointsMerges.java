package io.concord.member.points;

import java.util.UUID;

import io.concord.member.identity.MemberId;
import io.concord.member.identity.MemberMerged;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A merge moves the merged member's points, ledger and order redemptions to the survivor,
 * in the merge's transaction.
 */
@Component
class PointsMerges {

	private final JdbcTemplate jdbc;

	private final PointsLedger ledger;

	PointsMerges(JdbcTemplate jdbc, PointsLedger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberMerged merged) {
		UUID survivor = merged.survivorMemberId();
		UUID gone = merged.mergedMemberId();
		this.ledger.ensureAccount(new MemberId(survivor));
		this.jdbc.update("""
				update points_account s set balance = s.balance + m.balance, pending = s.pending + m.pending,
				       version = s.version + 1
				from points_account m where s.member_id = ? and m.member_id = ?""", survivor, gone);
		this.jdbc.update(
				"update points_account set balance = 0, pending = 0, version = version + 1 where member_id = ?", gone);
		this.jdbc.update("update points_entry set member_id = ? where member_id = ?", survivor, gone);
		this.jdbc.update("update points_order_redemption set member_id = ? where member_id = ?", survivor, gone);
	}

}
