package io.concord.member.identity;

import java.util.UUID;

import io.concord.platform.test.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration to proven identities: a deployment's unverified identity rows become
 * hints of the same member, verified ones stay, and refresh-token families get a start.
 */
class HintMigrationTests {

	@Test
	void unverifiedIdentitiesBecomeHintsOfTheSameMember() {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		DriverManagerDataSource database = new DriverManagerDataSource(infrastructure.jdbcUrl("member_hint_migration"),
				infrastructure.username(), infrastructure.password());
		migrate(database, "6");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		UUID member = UUID.randomUUID();
		UUID family = UUID.randomUUID();
		jdbc.update("insert into member (id, display_name, registered_channel, registered_at, version) "
				+ "values (?, 'Ada', 'APP', now(), 0)", member);
		jdbc.update("""
				insert into channel_identity (member_id, identity_type, namespace, lookup_hash, protected_value,
				                              masked_value, verified, linked_at)
				values (?, 'PHONE', '', 'hash-proven', 'c1', '+86*******0001', true, now() - interval '2 days'),
				       (?, 'EMAIL', '', 'hash-stated', 'c2', 'a**@example.com', false, now() - interval '1 day')""",
				member, member);
		jdbc.update("""
				insert into refresh_token (token_hash, family_id, member_id, channel, issued_at, expires_at)
				values ('t1', ?, ?, 'APP', now() - interval '10 days', now() + interval '20 days'),
				       ('t2', ?, ?, 'APP', now() - interval '3 days', now() + interval '27 days')""", family, member,
				family, member);

		migrate(database, "latest");

		assertThat(
				jdbc.queryForList("select lookup_hash from channel_identity where member_id = ?", String.class, member))
			.containsExactly("hash-proven");
		assertThat(jdbc.queryForMap(
				"select identity_type, lookup_hash, protected_value, masked_value from identity_hint where member_id = ?",
				member))
			.containsEntry("identity_type", "EMAIL")
			.containsEntry("lookup_hash", "hash-stated")
			.containsEntry("protected_value", "c2")
			.containsEntry("masked_value", "a**@example.com");
		assertThat(jdbc.queryForList(
				"select count(distinct family_started_at) from refresh_token where family_id = ? "
						+ "and family_started_at < now() - interval '9 days' and auth_time = family_started_at",
				Integer.class, family))
			.as("the family started with its oldest token")
			.containsExactly(1);
	}

	private static void migrate(DriverManagerDataSource database, String target) {
		Flyway.configure()
			.dataSource(database)
			.locations("classpath:db/member", "classpath:db/platform")
			.target(target)
			.load()
			.migrate();
	}

}
