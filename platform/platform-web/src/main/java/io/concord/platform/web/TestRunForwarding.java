package io.concord.platform.web;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Passes the current {@link TestRun} on to the service called, so what a tagged request
 * causes there is tagged too. Added to every {@code RestClient} built from Boot's builder
 * (the platform's customizer); untagged work sends no header.
 */
public final class TestRunForwarding implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String runId = TestRun.current();
		if (runId != null) {
			request.getHeaders().set(TestRun.HEADER, runId);
		}
		return execution.execute(request, body);
	}

}
