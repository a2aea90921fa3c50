package io.concord.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Binds a tagged request's {@link TestRun} for its thread, or refuses it: a malformed run
 * id is 400, and any tag while load testing is switched off is 403
 * {@code load-testing-disabled}. The gateway checks the same and the load-test credential
 * besides; this is the defence in depth for calls that do not pass the gateway (service
 * to service, or a request that reached a service directly). Untagged requests pass as
 * they are.
 */
class TestRunFilter extends OncePerRequestFilter {

	static final String MDC_KEY = "testRun";

	private final boolean enabled;

	private final HandlerExceptionResolver problems;

	TestRunFilter(boolean enabled, HandlerExceptionResolver problems) {
		this.enabled = enabled;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String runId = request.getHeader(TestRun.HEADER);
		if (runId == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!TestRun.isValid(runId)) {
			this.problems.resolveException(request, response, null,
					new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.of("test-run-invalid"),
							"Invalid test run", TestRun.HEADER + " must match " + TestRun.ID.pattern() + "."));
			return;
		}
		if (!this.enabled) {
			this.problems.resolveException(request, response, null, loadTestingDisabled());
			return;
		}
		MDC.put(MDC_KEY, runId);
		try {
			TestRun.runWith(runId, () -> {
				try {
					chain.doFilter(request, response);
				}
				catch (IOException | ServletException ex) {
					throw new ChainFailure(ex);
				}
			});
		}
		catch (ChainFailure ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw (ServletException) ex.getCause();
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	static ProblemException loadTestingDisabled() {
		return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.of("load-testing-disabled"),
				"Load testing is disabled", "This request is tagged as shadow traffic (" + TestRun.HEADER
						+ ") but load testing is switched off here (concord.load-testing.enabled).");
	}

	private static final class ChainFailure extends RuntimeException {

		ChainFailure(Exception cause) {
			super(cause);
		}

	}

}
