package io.concord.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes RFC 9457 problem documents from the gateway, in the same shape the services use.
 */
final class Problems {

	static final String BASE = "https://concord.dev/problems/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * 413 for a body over the limit; such a client does not get to send another request.
	 */
	static Mono<Void> contentTooLarge(ServerWebExchange exchange, long maxBytes) {
		exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
		return write(exchange, HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Request too large",
				"The request body may be at most " + maxBytes + " bytes.");
	}

	static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type, String title, String detail) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", BASE + type);
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", exchange.getRequest().getPath().value());
		String requestId = exchange.getRequest().getHeaders().getFirst(RequestIdFilter.HEADER);
		if (requestId != null) {
			problem.put("requestId", requestId);
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
