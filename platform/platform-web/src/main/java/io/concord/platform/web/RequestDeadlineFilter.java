package io.concord.platform.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Starts the request's {@link RequestDeadline}: the budget the caller sent (never more
 * than {@code concord.web.max-request-budget}), else the default budget. A request that
 * arrives with no budget left is answered 503 at once: its caller has given up.
 */
class RequestDeadlineFilter extends OncePerRequestFilter {

	private final Duration defaultBudget;

	private final Duration maxBudget;

	private final HandlerExceptionResolver problems;

	RequestDeadlineFilter(Duration defaultBudget, Duration maxBudget, HandlerExceptionResolver problems) {
		this.defaultBudget = defaultBudget;
		this.maxBudget = maxBudget;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Duration budget = budget(request.getHeader(RequestDeadline.HEADER));
		if (budget.isZero() || budget.isNegative()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			this.problems.resolveException(request, response, null,
					new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("deadline-exceeded"),
							"Deadline exceeded", "The request arrived after its caller's deadline; retry it."));
			return;
		}
		RequestDeadline.start(budget);
		try {
			chain.doFilter(request, response);
		}
		finally {
			RequestDeadline.end();
		}
	}

	private Duration budget(String header) {
		if (header == null) {
			return this.defaultBudget;
		}
		try {
			Duration sent = Duration.ofMillis(Long.parseLong(header.trim()));
			return (sent.compareTo(this.maxBudget) > 0) ? this.maxBudget : sent;
		}
		catch (NumberFormatException ex) {
			return this.defaultBudget;
		}
	}

}
