package io.concord.platform.web;

import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place that turns exceptions into RFC 9457 problem documents. Every problem has
 * a stable type URI, the request path as instance and the request id; internals (messages
 * of unexpected exceptions, stack traces) never reach the client.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Object> handleProblem(ProblemException ex, WebRequest request) {
		return createAndComplete(ex.toProblemDetail(), ex.status(), request);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
		List<Map<String, Object>> errors = ex.getConstraintViolations()
			.stream()
			.map((violation) -> fieldError(leaf(violation.getPropertyPath().toString()), violation.getMessage()))
			.toList();
		return createAndComplete(validationProblem(errors), HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<Object> handleConcurrentModification(RuntimeException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The resource was changed by another request; retry with the current state.");
		problem.setType(ProblemTypes.CONCURRENT_MODIFICATION);
		problem.setTitle("Concurrent modification");
		return createAndComplete(problem, HttpStatus.CONFLICT, request);
	}

	/**
	 * A deadlock, a serialization failure or a lock wait that timed out: the transaction
	 * was rolled back and the same request will most likely pass a moment later. A 5xx
	 * (not 409), so callers retry instead of taking it as a refusal, and the
	 * Idempotency-Key is freed for the retry.
	 */
	@ExceptionHandler(PessimisticLockingFailureException.class)
	ResponseEntity<Object> handleLockConflict(PessimisticLockingFailureException ex, WebRequest request) {
		log.info("Rolled back on a lock conflict, answered as retryable: {}", ex.getMostSpecificCause().getMessage());
		return retryAfterOneSecond(ProblemTypes.LOCK_CONFLICT, "Lock conflict",
				"The request collided with another one on the same data and was rolled back; retry it.", request);
	}

	/**
	 * The database could not be reached or dropped the connection mid-request (a
	 * failover, a restart): nothing was committed, so the caller may retry the same
	 * request.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<Object> handleDatabaseUnavailable(Exception ex, WebRequest request) {
		log.warn("Database unavailable, answered as retryable: {}", ex.getMessage());
		return retryAfterOneSecond(ProblemTypes.DATABASE_UNAVAILABLE, "Database unavailable",
				"The service's database is unavailable for a moment; nothing was done. Retry the request.", request);
	}

	/**
	 * Whether the database connection was lost somewhere in the causes: a data access
	 * resource failure, a SQL state of class 08 (connection exception), or the pool's
	 * closed connection ({@link #POOL_CLOSED_CONNECTION}).
	 */
	static boolean connectionLost(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof DataAccessResourceFailureException || (cause instanceof SQLException sql
					&& ((sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
							|| POOL_CLOSED_CONNECTION.equals(sql.getMessage())))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What HikariCP's connection answers, without a SQL state, once the pool has evicted
	 * it as broken (on a SQL state of class 08): the fault suite saw a rollback fail with
	 * it after the link to PostgreSQL dropped mid-transaction.
	 */
	static final String POOL_CLOSED_CONNECTION = "Connection is closed";

	/** A 503 the caller should simply repeat a second later. */
	private ResponseEntity<Object> retryAfterOneSecond(URI type, String title, String detail, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setProperty("retryAfterSeconds", 1);
		complete(problem, HttpStatus.SERVICE_UNAVAILABLE, request);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	@ExceptionHandler(RequestBodyTooLargeException.class)
	ResponseEntity<Object> handleBodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
		return bodyTooLarge(ex, request);
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> handleDataIntegrity(DataIntegrityViolationException ex, WebRequest request) {
		log.info("Request conflicts with stored data: {}", ex.getMostSpecificCause().getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The request conflicts with data that already exists.");
		problem.setType(ProblemTypes.CONFLICT);
		problem.setTitle("Conflict");
		return createAndComplete(problem, HttpStatus.CONFLICT, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(ex);
		if (tooLarge != null) {
			return bodyTooLarge(tooLarge, request);
		}
		if (connectionLost(ex)) {
			// E.g. the rollback after a dropped connection fails too, and its exception
			// (JpaSystemException, TransactionSystemException) hides the data access
			// failure: still the database going away, still nothing committed.
			return handleDatabaseUnavailable(ex, request);
		}
		log.error("Unexpected error answering {}", path(request), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred. Quote the requestId when reporting it.");
		problem.setType(ProblemTypes.INTERNAL);
		problem.setTitle("Internal error");
		return createAndComplete(problem, HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(fieldError(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.add(fieldError(error.getObjectName(), error.getDefaultMessage())));
		return createAndComplete(validationProblem(errors), HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors()
				.forEach((error) -> errors
					.add(fieldError(name != null ? name : "parameter", error.getDefaultMessage())));
		});
		return createAndComplete(validationProblem(errors), HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(ex);
		if (tooLarge != null) {
			return bodyTooLarge(tooLarge, request);
		}
		// The parser's message names classes and offsets: keep it in the log, not in the
		// answer.
		log.debug("Unreadable request body", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not valid JSON of the expected shape.");
		problem.setType(ProblemTypes.MALFORMED_REQUEST);
		problem.setTitle("Malformed request");
		return createAndComplete(problem, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			complete(problem, statusCode, request);
		}
		return response;
	}

	// Tomcat closes the connection after a 413: the rest of the body stays unread.
	private ResponseEntity<Object> bodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
		ProblemException problem = RequestBodyTooLargeException.problem(ex.limit());
		ProblemDetail detail = problem.toProblemDetail();
		complete(detail, problem.status(), request);
		return ResponseEntity.status(problem.status())
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(detail);
	}

	private ResponseEntity<Object> createAndComplete(ProblemDetail problem, HttpStatusCode status, WebRequest request) {
		complete(problem, status, request);
		return ResponseEntity.status(status)
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static void complete(ProblemDetail problem, HttpStatusCode status, WebRequest request) {
		if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
			problem.setType(typeFor(status));
		}
		if (problem.getInstance() == null) {
			String path = path(request);
			if (path != null) {
				problem.setInstance(URI.create(path));
			}
		}
		Object requestId = request.getAttribute(RequestIdFilter.ATTRIBUTE, WebRequest.SCOPE_REQUEST);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
	}

	private static URI typeFor(HttpStatusCode status) {
		if (status.value() == 404) {
			return ProblemTypes.NOT_FOUND;
		}
		if (status.value() == 400) {
			return ProblemTypes.MALFORMED_REQUEST;
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		String slug = (known != null) ? known.name().toLowerCase(Locale.ROOT).replace('_', '-')
				: "status-" + status.value();
		return ProblemTypes.of(slug);
	}

	private static ProblemDetail validationProblem(List<Map<String, Object>> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has " + errors.size() + " invalid field(s).");
		problem.setType(ProblemTypes.VALIDATION);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return problem;
	}

	private static Map<String, Object> fieldError(String field, String message) {
		return Map.of("field", field, "message", (message != null) ? message : "is invalid");
	}

	private static String leaf(String propertyPath) {
		// "register.request.email" -> "email": the method and parameter names mean
		// nothing to a client.
		int dot = propertyPath.indexOf('.');
		int second = (dot >= 0) ? propertyPath.indexOf('.', dot + 1) : -1;
		return (second >= 0) ? propertyPath.substring(second + 1) : propertyPath;
	}

	private static String path(WebRequest request) {
		if (request instanceof ServletWebRequest servlet) {
			HttpServletRequest http = servlet.getRequest();
			return http.getRequestURI();
		}
		return null;
	}

}
