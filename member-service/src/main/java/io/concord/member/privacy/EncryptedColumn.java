package io.concord.member.privacy;

/**
 * A table column holding ciphertexts of {@link PersonalDataProtector}. Features that
 * store ciphertexts provide one per column, so a key rotation can move every value to the
 * current key.
 */
public interface EncryptedColumn {

	/** How the column is named in the re-encryption report, e.g. {@code identities}. */
	String name();

	/**
	 * Re-encrypts up to {@code limit} values that are not under the current key, in the
	 * caller's transaction (rows another re-encryption holds are skipped).
	 * @return how many values were re-encrypted; fewer than {@code limit} means none is
	 * left
	 */
	int reencrypt(int limit);

}
