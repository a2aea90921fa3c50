package io.concord.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The {@code Idempotency-Key} mechanism: the first request with a key runs and its answer
 * is stored; a retry with the same key and the same request gets the stored answer
 * (marked {@code Idempotent-Replayed: true}); the same key with a different request is
 * refused with 422, and a retry while the first attempt still runs with 409. Keys are
 * scoped to the authenticated caller and expire after {@code concord.idempotency.ttl}.
 *
 * <p>
 * The key is claimed, before the handler runs, by this instance, so two concurrent
 * attempts can never both run. If the instance running the first attempt dies, a retry
 * takes the key over as soon as the instance's heartbeat is stale (seconds, not a fixed
 * lease). Every transaction the attempt commits marks, inside itself, that the key's
 * effect has committed ({@link IdempotentEffectGuard}); so a retry after a crash or after
 * a 5xx re-runs the request only if nothing committed, or if the handler is
 * {@link IdempotencyKeyRequired#rerunnable() rerunnable} (it finds and answers its own
 * earlier effect). Otherwise a 5xx answer is kept like any other, and an answer lost in a
 * crash is a 409 {@code idempotency-outcome-unknown}: the effect happened once.
 */
class IdempotencyKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	/**
	 * Request attribute set when this attempt took over a first attempt whose effect had
	 * committed: only a rerunnable handler may run.
	 */
	static final String EFFECT_ALREADY_COMMITTED = IdempotencyKeyFilter.class.getName() + ".effectCommitted";

	/** Request attribute the interceptor sets when the handler is rerunnable. */
	static final String RERUNNABLE = IdempotencyKeyFilter.class.getName() + ".rerunnable";

	private static final Set<String> METHODS = Set.of("POST", "PATCH");

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

	private final IdempotencyRecords records;

	private final HandlerExceptionResolver problems;

	private final BodySizeLimits limits;

	IdempotencyKeyFilter(IdempotencyRecords records, HandlerExceptionResolver problems, BodySizeLimits limits) {
		this.records = records;
		this.problems = problems;
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !METHODS.contains(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (!KEY.matcher(key).matches()) {
			reject(request, response, new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
					"Invalid Idempotency-Key", "Idempotency-Key must be 1 to 200 visible ASCII characters."));
			return;
		}
		long limit = this.limits.limitFor(request);
		BufferedRequest buffered = new BufferedRequest(request, limit);
		if (buffered.body.length > limit) {
			reject(request, response, RequestBodyTooLargeException.problem(limit));
			return;
		}
		String scope = scope(request);
		String fingerprint = fingerprint(buffered);
		boolean claimed;
		try {
			claimed = this.records.claim(scope, key, fingerprint);
		}
		catch (DataAccessException ex) {
			// The database is unreachable: nothing was claimed or done; the advice
			// answers
			// a retryable problem rather than the container's bare 500.
			this.problems.resolveException(request, response, null, ex);
			return;
		}
		if (!claimed) {
			Optional<IdempotencyRecords.StoredRequest> existing = this.records.find(scope, key);
			if (existing.isEmpty() || this.records.releaseIfExpired(scope, key)) {
				if (!this.records.claim(scope, key, fingerprint)) {
					reject(request, response, inFlight());
					return;
				}
			}
			else if (!existing.get().fingerprint().equals(fingerprint) || existing.get().completed()) {
				answerFromRecord(existing.get(), fingerprint, request, response);
				return;
			}
			else {
				Optional<Boolean> takenOver = this.records.takeOver(scope, key, fingerprint);
				if (takenOver.isEmpty()) {
					reject(request, response, inFlight());
					return;
				}
				buffered.setAttribute(EFFECT_ALREADY_COMMITTED, takenOver.get());
			}
		}
		runFirstAttempt(buffered, response, chain, scope, key);
	}

	private void runFirstAttempt(BufferedRequest request, HttpServletResponse response, FilterChain chain, String scope,
			String key) throws ServletException, IOException {
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		boolean stored = false;
		IdempotencyContext.enter(scope, key);
		try {
			chain.doFilter(request, captured);
			int status = captured.getStatus();
			// A 5xx frees the key for a retry, unless an effect committed that only a
			// rerunnable handler may meet again: then the 5xx is the answer.
			if (status < 500
					|| (effectCommitted(scope, key) && !Boolean.TRUE.equals(request.getAttribute(RERUNNABLE)))) {
				this.records.complete(scope, key, status, captured.getContentType(),
						captured.getHeader(HttpHeaders.LOCATION), captured.getContentAsByteArray());
				stored = true;
			}
		}
		finally {
			IdempotencyContext.leave();
			if (!stored) {
				this.records.release(scope, key);
			}
			captured.copyBodyToResponse();
		}
	}

	private boolean effectCommitted(String scope, String key) {
		return this.records.find(scope, key).map(IdempotencyRecords.StoredRequest::effectCommitted).orElse(false);
	}

	private void answerFromRecord(IdempotencyRecords.StoredRequest stored, String fingerprint,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!stored.fingerprint().equals(fingerprint)) {
			reject(request, response,
					new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
							"Idempotency-Key reused",
							"This Idempotency-Key was already used for a different request."));
			return;
		}
		if (!stored.completed()) {
			reject(request, response, inFlight());
			return;
		}
		response.setStatus(stored.responseStatus());
		response.setHeader(REPLAYED_HEADER, "true");
		if (stored.contentType() != null) {
			response.setContentType(stored.contentType());
		}
		if (stored.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, stored.location());
		}
		if (stored.body() != null) {
			response.getOutputStream().write(stored.body());
		}
	}

	private static ProblemException inFlight() {
		return new ProblemException(HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_FLIGHT, "Request in progress",
				"A request with this Idempotency-Key is still being processed; retry shortly.");
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, ProblemException problem) {
		if (problem.status() == HttpStatus.CONFLICT) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		}
		this.problems.resolveException(request, response, null, problem);
	}

	private static String scope(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		return (principal != null) ? "principal:" + principal.getName() : "anonymous";
	}

	private static String fingerprint(BufferedRequest request) {
		return fingerprint(request.getMethod(), request.getRequestURI(), request.getQueryString(), request.body);
	}

	/** What makes two requests the same request: method, path, query and body. */
	static String fingerprint(String method, String uri, String query, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((method + ' ' + uri + ((query != null) ? '?' + query : "") + '\n')
				.getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Reads the body once so it can be fingerprinted and still be read by the handler;
	 * never more than one byte past the limit, which is how a body over it shows.
	 */
	static final class BufferedRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedRequest(HttpServletRequest request, long limit) throws IOException {
			super(request);
			try (InputStream in = request.getInputStream()) {
				this.body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
			}
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("Synchronous reads only");
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
