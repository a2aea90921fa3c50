package io.concord.platform.web;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lost database connection is a retryable 503 however it surfaces. The fault suite
 * found one that did not: the link dropped mid-transaction, the rollback failed on the
 * dead connection too, and the rollback's exception (which hides the original data access
 * failure) was answered with a 500.
 */
class ProblemDetailsHandlerTests {

	private final ProblemDetailsHandler handler = new ProblemDetailsHandler();

	@Test
	void aRollbackThatFailedOnALostConnectionIsTheDatabaseBeingUnavailable() {
		TransactionSystemException rollbackFailed = new TransactionSystemException(
				"Unable to rollback against JDBC Connection",
				new SQLException("An I/O error occurred while sending to the backend.", "08006"));
		ResponseEntity<Object> answer = this.handler.handleUnexpected(rollbackFailed, request());
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(((ProblemDetail) answer.getBody()).getType()).isEqualTo(ProblemTypes.DATABASE_UNAVAILABLE);
	}

	@Test
	void aRollbackOnTheConnectionThePoolClosedIsTheDatabaseBeingUnavailable() {
		// As the fault suite saw it (JPA's rollback exception over Hibernate's): the pool
		// had marked the connection broken, and its closed proxy answers without a state.
		TransactionSystemException rollbackFailed = new TransactionSystemException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed"));
		ResponseEntity<Object> answer = this.handler.handleUnexpected(rollbackFailed, request());
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(((ProblemDetail) answer.getBody()).getType()).isEqualTo(ProblemTypes.DATABASE_UNAVAILABLE);
	}

	@Test
	void otherSqlFailuresStayInternalErrors() {
		TransactionSystemException broken = new TransactionSystemException("Could not commit",
				new SQLException("relation \"nowhere\" does not exist", "42P01"));
		ResponseEntity<Object> answer = this.handler.handleUnexpected(broken, request());
		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(((ProblemDetail) answer.getBody()).getType()).isEqualTo(ProblemTypes.INTERNAL);
	}

	private static ServletWebRequest request() {
		return new ServletWebRequest(new MockHttpServletRequest("POST", "/api/orders"));
	}

}
