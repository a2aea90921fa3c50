package io.concord.gateway;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * What a request may be, checked before anything else looks at it: a request target of at
 * most {@code max-uri-length} (414), headers of at most {@code max-header-size} (431) and
 * a body of at most {@code max-body-size}, by its Content-Length (413 at once) and on the
 * bytes that arrive (see {@link RequestBody}). Netty's own limits are set well above
 * these, so an oversized request gets a problem document, not Netty's bare status. Every
 * answer of the gateway then goes through {@link RequestBody#keepAliveAfterAnswer()}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestLimitsFilter implements WebFilter {

	private final long maxBodyBytes;

	private final long maxUriLength;

	private final long maxHeaderBytes;

	private final long drainLimit;

	private final java.time.Duration drainTimeout;

	RequestLimitsFilter(GatewayProperties properties) {
		this.maxBodyBytes = properties.maxBodySize().toBytes();
		this.maxUriLength = properties.maxUriLength().toBytes();
		this.maxHeaderBytes = properties.maxHeaderSize().toBytes();
		this.drainLimit = properties.drainLimit().toBytes();
		this.drainTimeout = properties.drainTimeout();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		RequestBody body = new RequestBody(request.getBody(), request.getHeaders(), this.maxBodyBytes, this.drainLimit,
				this.drainTimeout);
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> body.keepAliveAfterAnswer().doOnNext((keepAlive) -> {
			if (!keepAlive) {
				response.getHeaders().set(HttpHeaders.CONNECTION, "close");
			}
		}).then());
		ServerWebExchange guarded = exchange.mutate().request(new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return body.forward();
			}

		}).build();
		if (uriLength(request) > this.maxUriLength) {
			return Problems.write(guarded, HttpStatus.URI_TOO_LONG, "uri-too-long", "URI too long",
					"The request target may be at most " + this.maxUriLength + " characters.");
		}
		if (headerBytes(request.getHeaders()) > this.maxHeaderBytes) {
			return Problems.write(guarded, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
					"request-header-fields-too-large", "Request headers too large",
					"The request headers may be at most " + this.maxHeaderBytes + " bytes.");
		}
		if (request.getHeaders().getContentLength() > this.maxBodyBytes) {
			return Problems.contentTooLarge(guarded, this.maxBodyBytes);
		}
		return chain.filter(guarded);
	}

	// As it arrived: the raw (still percent-encoded) path and query.
	private static long uriLength(ServerHttpRequest request) {
		String query = request.getURI().getRawQuery();
		return request.getPath().value().length() + ((query != null) ? query.length() + 1 : 0);
	}

	// Name, ": ", value and CRLF per header line, as on the wire.
	private static long headerBytes(HttpHeaders headers) {
		long total = 0;
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			for (String value : header.getValue()) {
				total += header.getKey().length() + value.length() + 4;
			}
		}
		return total;
	}

}
