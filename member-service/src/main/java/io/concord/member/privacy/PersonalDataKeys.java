package io.concord.member.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves every stored ciphertext to the current keys (the keyring's active key; the
 * key-encryption key for signing keys) in batches, one transaction each, so a large table
 * is rewritten without one long transaction and while the service keeps serving. After it
 * has run, keys other than the active one can leave the keyring.
 */
@Service
class PersonalDataKeys {

	/** What one re-encryption rewrote, per column. */
	record Reencryption(String activeKeyId, Map<String, Integer> reencrypted) {
	}

	static final int BATCH = 500;

	private static final Logger log = LoggerFactory.getLogger(PersonalDataKeys.class);

	private final List<EncryptedColumn> columns;

	private final PersonalDataProtector protector;

	private final TransactionTemplate transactions;

	PersonalDataKeys(List<EncryptedColumn> columns, PersonalDataProtector protector,
			PlatformTransactionManager transactions) {
		this.columns = columns;
		this.protector = protector;
		this.transactions = new TransactionTemplate(transactions);
	}

	Reencryption reencrypt() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (EncryptedColumn column : this.columns) {
			int total = 0;
			int batch;
			do {
				Integer done = this.transactions.execute((status) -> column.reencrypt(BATCH));
				batch = (done != null) ? done : 0;
				total += batch;
			}
			while (batch == BATCH);
			counts.put(column.name(), total);
		}
		log.info("Re-encrypted stored values under the current keys (active {}): {}", this.protector.activeKeyId(),
				counts);
		return new Reencryption(this.protector.activeKeyId(), counts);
	}

}
