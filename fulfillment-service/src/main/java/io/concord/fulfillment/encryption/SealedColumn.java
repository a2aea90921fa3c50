package io.concord.fulfillment.encryption;

/**
 * A column whose values are sealed by {@link FieldEncryption}, for the startup sweep:
 * each row's value has the context {@code <context>:<key column's value>}.
 *
 * @param table the table
 * @param key its primary key column (one column)
 * @param column the sealed column
 * @param context what the values are, e.g. {@code carrier.webhook-secret}
 */
public record SealedColumn(String table, String key, String column, String context) {

	/** The context of the value in the row with this key. */
	public String contextOf(String keyValue) {
		return this.context + ":" + keyValue;
	}

}
