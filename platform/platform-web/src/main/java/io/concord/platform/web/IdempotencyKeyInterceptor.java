package io.concord.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses calls to {@link IdempotencyKeyRequired} endpoints that carry no key. */
class IdempotencyKeyInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(IdempotencyKeyRequired.class)
				&& request.getHeader(IdempotencyKeyFilter.HEADER) == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.IDEMPOTENCY_KEY_MISSING,
					"Idempotency-Key required",
					"This operation must carry an Idempotency-Key header so that a retry cannot repeat its effect.");
		}
		return true;
	}

}
