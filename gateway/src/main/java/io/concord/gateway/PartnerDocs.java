package io.concord.gateway;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The AsyncAPI page for partners at {@code /asyncapi/}, beside the Swagger UI: its files
 * come from the partner-docs module (docs/asyncapi.yaml, the event schemas and the
 * renderer), served as static resources; the short addresses lead to the page.
 */
@Configuration(proxyBeanMethods = false)
class PartnerDocs {

	static final URI PAGE = URI.create("/asyncapi/index.html");

	@Bean
	RouterFunction<ServerResponse> asyncApiPage() {
		return RouterFunctions.route(RequestPredicates.GET("/asyncapi").or(RequestPredicates.GET("/asyncapi/")),
				(request) -> ServerResponse.temporaryRedirect(PAGE).build());
	}

}
