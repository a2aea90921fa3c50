package io.concord.platform.web;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ties a request's effect to its Idempotency-Key: every read-write transaction the
 * request thread begins records, just before it commits and inside it, that the key's
 * effect has committed, and rolls back if this instance no longer owns the key (another
 * instance took it over while this one was cut off). So a takeover can never double an
 * effect, and a retry after a crash knows whether the first attempt's effect is there.
 * (Work handed to other threads, such as group-commit lanes, commits outside this guard
 * and must be idempotent by its own business key.)
 */
class IdempotentEffectGuard implements TransactionExecutionListener {

	private final IdempotencyRecords records;

	IdempotentEffectGuard(IdempotencyRecords records) {
		this.records = records;
	}

	@Override
	public void afterBegin(TransactionExecution transaction, Throwable beginFailure) {
		IdempotencyContext.Claim claim = IdempotencyContext.current();
		if (claim == null || beginFailure != null || transaction.isReadOnly()
				|| !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				if (!readOnly) {
					IdempotentEffectGuard.this.records.markEffectCommitted(claim.scope(), claim.key());
				}
			}

		});
	}

}
