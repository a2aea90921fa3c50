package io.concord.platform.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Caps request bodies ({@link BodySizeLimits}), first in the chain: a declared
 * {@code Content-Length} over the limit is refused with 413 before a byte is read, and a
 * body without one (chunked) is counted as it is read and refused with 413 once it passes
 * the limit, whoever reads it (a JSON parser, a CSV import, the Idempotency-Key
 * fingerprint). Nothing buffers more than the limit, so a few large posts cannot exhaust
 * the heap.
 */
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final BodySizeLimits limits;

	private final HandlerExceptionResolver problems;

	BodySizeLimitFilter(BodySizeLimits limits, HandlerExceptionResolver problems) {
		this.limits = limits;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = this.limits.limitFor(request);
		if (request.getContentLengthLong() > limit) {
			tooLarge(request, response, limit);
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, limit), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(ex);
			if (tooLarge == null || response.isCommitted()) {
				throw ex;
			}
			response.reset();
			tooLarge(request, response, tooLarge.limit());
		}
	}

	// The rest of the body stays unread; Tomcat closes the connection after a 413 (once
	// it has dropped at most server.tomcat.max-swallow-size more). Within that allowance
	// the client reads the whole answer; far beyond it, the close may reach the client as
	// a reset first - reading gigabytes to be polite would be the attack.
	private void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) {
		this.problems.resolveException(request, response, null, RequestBodyTooLargeException.problem(limit));
	}

	/** Hands out the body through a stream that stops at the limit. */
	static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int next = this.delegate.read();
			if (next >= 0) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int bytes) throws RequestBodyTooLargeException {
			this.read += bytes;
			if (this.read > this.limit) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

}
