package io.concord.fulfillment.encryption;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Seals, at startup, every value of a {@link SealedColumn} that is not sealed under the
 * current key: values written before encryption came (the upgrade from plaintext columns)
 * and, during a key rotation, values under a previous key. A Flyway migration cannot do
 * this (SQL has no key), and here it runs on every start before the web server takes
 * requests, so it also catches rows an older replica wrote during a rolling upgrade. Each
 * update is conditional on the value it read, so replicas starting together do not
 * overwrite each other; a row whose value does not open is logged and left for ops.
 */
@Component
class ColumnSealing implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ColumnSealing.class);

	private static final int BATCH = 500;

	private final FieldEncryption encryption;

	private final List<SealedColumn> columns;

	private final JdbcClient jdbc;

	ColumnSealing(FieldEncryption encryption, List<SealedColumn> columns, JdbcTemplate jdbc) {
		this.encryption = encryption;
		this.columns = columns;
		this.jdbc = JdbcClient.create(jdbc);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.columns.forEach(this::seal);
	}

	/** Seals the column's stray values; returns how many it sealed. */
	int seal(SealedColumn column) {
		// Plaintext rows are found through a partial index on "not like 'enc:%'"; rows
		// under an old key only need looking for while a rotation is configured.
		String stray = this.encryption.rotating() ? "left(%2$s, :prefixLength) <> :prefix" : "%2$s not like 'enc:%%'";
		String select = ("select %1$s, %2$s from %3$s where %1$s > :after and %2$s is not null and " + stray
				+ " order by %1$s limit " + BATCH)
			.formatted(column.key(), column.column(), column.table());
		String update = "update %3$s set %2$s = ? where %1$s = ? and %2$s = ?".formatted(column.key(), column.column(),
				column.table());
		String prefix = this.encryption.currentPrefix();
		int sealed = 0;
		int unopened = 0;
		String after = "";
		while (true) {
			List<String[]> rows = this.jdbc.sql(select)
				.param("after", after)
				.param("prefixLength", prefix.length())
				.param("prefix", prefix)
				.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
				.list();
			for (String[] row : rows) {
				String context = column.contextOf(row[0]);
				try {
					String plain = this.encryption.open(row[1], context);
					sealed += this.jdbc.sql(update)
						.params(this.encryption.seal(plain, context), row[0], row[1])
						.update();
				}
				catch (IllegalStateException ex) {
					unopened++;
					log.error("{}.{} of {} could not be sealed again: {}", column.table(), column.column(), row[0],
							ex.getMessage());
				}
			}
			if (rows.size() < BATCH) {
				break;
			}
			after = rows.get(rows.size() - 1)[0];
		}
		if (sealed > 0 || unopened > 0) {
			log.info("Sealed {} value(s) of {}.{} under the current key; {} did not open", sealed, column.table(),
					column.column(), unopened);
		}
		return sealed;
	}

}
