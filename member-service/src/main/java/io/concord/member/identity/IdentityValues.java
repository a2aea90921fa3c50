package io.concord.member.identity;

import java.util.List;

import io.concord.member.privacy.EncryptedColumn;
import io.concord.member.privacy.PersonalDataProtector;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Identity values at rest: each ciphertext is bound to its identity's type, namespace and
 * lookup hash, so it decrypts only as the value of that identity (whether proven or a
 * hint, before or after a merge). Both tables take part in key rotation.
 */
@Configuration(proxyBeanMethods = false)
class IdentityValues {

	private final PersonalDataProtector protector;

	IdentityValues(PersonalDataProtector protector) {
		this.protector = protector;
	}

	String encrypt(NormalizedIdentity identity, String lookupHash) {
		return this.protector.encrypt(identity.value(), context(identity.type(), identity.namespace(), lookupHash));
	}

	String decrypt(IdentityType type, String namespace, String lookupHash, String protectedValue) {
		return this.protector.decrypt(protectedValue, context(type, namespace, lookupHash));
	}

	@Bean
	EncryptedColumn identityValueColumn(JdbcTemplate jdbc) {
		return new Column("identities", "channel_identity", jdbc, this.protector);
	}

	@Bean
	EncryptedColumn identityHintValueColumn(JdbcTemplate jdbc) {
		return new Column("identityHints", "identity_hint", jdbc, this.protector);
	}

	static String context(IdentityType type, String namespace, String lookupHash) {
		return "identity:" + type + ":" + namespace + ":" + lookupHash;
	}

	private record Row(long id, IdentityType type, String namespace, String lookupHash, String protectedValue) {
	}

	private record Column(String name, String table, JdbcTemplate jdbc,
			PersonalDataProtector protector) implements EncryptedColumn {

		@Override
		public int reencrypt(int limit) {
			List<Row> rows = this.jdbc.query(
					"""
							select id, identity_type, namespace, lookup_hash, protected_value from %s
							where not starts_with(protected_value, ?) order by id limit ? for update skip locked"""
						.formatted(this.table),
					(rs, i) -> new Row(rs.getLong(1), IdentityType.valueOf(rs.getString(2)), rs.getString(3),
							rs.getString(4), rs.getString(5)),
					this.protector.activeKeyPrefix(), limit);
			for (Row row : rows) {
				String context = context(row.type(), row.namespace(), row.lookupHash());
				this.jdbc.update("update %s set protected_value = ? where id = ?".formatted(this.table),
						this.protector.encrypt(this.protector.decrypt(row.protectedValue(), context), context),
						row.id());
			}
			return rows.size();
		}

	}

}
