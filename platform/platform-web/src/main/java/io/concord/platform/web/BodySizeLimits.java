package io.concord.platform.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * How large a request body a service reads: {@code concord.web.max-body-size}
 * ({@code CONCORD_WEB_MAX_BODY_SIZE}, 1MB), and larger or smaller limits for some paths,
 * e.g. a file import:
 *
 * <pre>
 * concord.web.body-limits:
 *   - path: /admin/inventory/demand/history
 *     max-size: 20MB
 * </pre>
 *
 * The first path pattern that matches wins.
 *
 * @param maxBodySize the limit of every other request
 * @param bodyLimits limits per path pattern ({@code /admin/x/**} style)
 */
@ConfigurationProperties("concord.web")
public record BodySizeLimits(@DefaultValue("1MB") DataSize maxBodySize, List<PathLimit> bodyLimits) {

	public BodySizeLimits(@DefaultValue("1MB") DataSize maxBodySize, @Nullable List<PathLimit> bodyLimits) {
		this.maxBodySize = maxBodySize;
		this.bodyLimits = (bodyLimits != null) ? List.copyOf(bodyLimits) : List.of();
		if (maxBodySize.isNegative()) {
			throw new IllegalArgumentException("concord.web.max-body-size must not be negative");
		}
	}

	/**
	 * @param path a path pattern, e.g. {@code /admin/inventory/demand/history}
	 * @param maxSize the limit on that path
	 */
	public record PathLimit(String path, DataSize maxSize) {

		public PathLimit {
			if (path == null || path.isBlank() || maxSize == null || maxSize.isNegative()) {
				throw new IllegalArgumentException("concord.web.body-limits: every entry needs a path and a max-size");
			}
		}

		PathPattern pattern() {
			return PathPatternParser.defaultInstance.parse(this.path);
		}

	}

	/** The most bytes of body this request may carry. */
	long limitFor(HttpServletRequest request) {
		if (this.bodyLimits.isEmpty()) {
			return this.maxBodySize.toBytes();
		}
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		PathContainer path = PathContainer.parsePath(
				(contextPath != null && uri.startsWith(contextPath)) ? uri.substring(contextPath.length()) : uri);
		for (PathLimit limit : this.bodyLimits) {
			if (limit.pattern().matches(path)) {
				return limit.maxSize().toBytes();
			}
		}
		return this.maxBodySize.toBytes();
	}

}
