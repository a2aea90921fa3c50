package io.concord.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses calls to {@link IdempotencyKeyRequired} endpoints that carry no key, tells the
 * filter whether the handler may be re-run, and never re-runs one that may not after its
 * first attempt's effect committed.
 */
class IdempotencyKeyInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		IdempotencyKeyRequired required = (handler instanceof HandlerMethod method)
				? method.getMethodAnnotation(IdempotencyKeyRequired.class) : null;
		if (required != null && request.getHeader(IdempotencyKeyFilter.HEADER) == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.IDEMPOTENCY_KEY_MISSING,
					"Idempotency-Key required",
					"This operation must carry an Idempotency-Key header so that a retry cannot repeat its effect.");
		}
		boolean rerunnable = required != null && required.rerunnable();
		request.setAttribute(IdempotencyKeyFilter.RERUNNABLE, rerunnable);
		if (Boolean.TRUE.equals(request.getAttribute(IdempotencyKeyFilter.EFFECT_ALREADY_COMMITTED)) && !rerunnable) {
			throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of("idempotency-outcome-unknown"),
					"Outcome unknown",
					"The first request with this Idempotency-Key took effect, but its answer was lost; read the "
							+ "resource to see the outcome instead of repeating the request.");
		}
		return true;
	}

}
