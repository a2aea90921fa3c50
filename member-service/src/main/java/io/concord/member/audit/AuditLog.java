package io.concord.member.audit;

import java.security.Principal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends audit entries in the transaction of the action they describe. */
@Component
public class AuditLog {

	/** An audit entry as ops read it. */
	public record AuditEntry(long id, String actor, String action, UUID memberId, String reason, String details,
			Instant at) {
	}

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	AuditLog(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * How an admin caller is named in the log: the authenticated staff member, or (until
	 * the gateway authenticates staff) an unauthenticated ops call.
	 */
	public static String actorOf(Principal principal) {
		return (principal != null) ? "staff:" + principal.getName() : "ops:unauthenticated";
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String actor, String action, UUID memberId, String reason, Map<String, ?> details) {
		this.jdbc.update("""
				insert into member_audit (actor, action, member_id, reason, details, at) values (?, ?, ?, ?, ?, ?)""",
				actor, action, memberId, reason, this.json.writeValueAsString(details),
				Timestamp.from(this.clock.instant()));
	}

	@Transactional(readOnly = true)
	public List<AuditEntry> entries(UUID memberId, int limit) {
		return this.jdbc.query("""
				select id, actor, action, member_id, reason, details, at from member_audit
				where (?::uuid is null or member_id = ?) order by at desc, id desc limit ?""",
				(rs, i) -> new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
						rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()),
				memberId, memberId, limit);
	}

}
