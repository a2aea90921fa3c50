package io.concord.platform.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An expected failure that answers with a problem document. Domain code throws one of the
 * subclasses (or this with its own type) and never builds HTTP responses itself.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final URI type;

	private final String title;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	public ProblemException(HttpStatus status, URI type, String title, String detail) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
	}

	/** Adds an extension member, e.g. the lines that are short of stock. */
	public ProblemException with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The problem type, e.g. {@code https://concord.dev/problems/insufficient-stock}. */
	public URI type() {
		return this.type;
	}

	/** The type's last path segment, e.g. {@code insufficient-stock}: a metric tag. */
	public String typeName() {
		String path = this.type.getPath();
		return (path == null || path.isEmpty()) ? this.type.toString() : path.substring(path.lastIndexOf('/') + 1);
	}

	public ProblemDetail toProblemDetail() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, getMessage());
		problem.setType(this.type);
		problem.setTitle(this.title);
		this.properties.forEach(problem::setProperty);
		return problem;
	}

	/** 404: the resource does not exist, or the caller may not know that it does. */
	public static class NotFound extends ProblemException {

		public NotFound(String resource, Object id) {
			super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", resource + " " + id + " was not found");
		}

	}

	/** 409: the request conflicts with the current state (e.g. an invalid transition). */
	public static class Conflict extends ProblemException {

		public Conflict(String detail) {
			super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", detail);
		}

		public Conflict(URI type, String title, String detail) {
			super(HttpStatus.CONFLICT, type, title, detail);
		}

	}

	/** 422: well-formed, but a business rule says no. */
	public static class Unprocessable extends ProblemException {

		public Unprocessable(String detail) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.BUSINESS_RULE, "Business rule violated", detail);
		}

		public Unprocessable(URI type, String title, String detail) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, type, title, detail);
		}

	}

}
