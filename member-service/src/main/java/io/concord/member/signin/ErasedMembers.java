package io.concord.member.signin;

import java.sql.Timestamp;

import io.concord.member.identity.MemberErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An erased member cannot sign in again: password gone, refresh tokens revoked (same
 * transaction).
 */
@Component
class ErasedMembers {

	private final JdbcTemplate jdbc;

	ErasedMembers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void on(MemberErased erased) {
		this.jdbc.update("delete from member_credential where member_id = ?", erased.memberId());
		this.jdbc.update("update refresh_token set revoked_at = ? where member_id = ? and revoked_at is null",
				Timestamp.from(erased.erasedAt()), erased.memberId());
	}

}
