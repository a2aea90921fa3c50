package io.concord.console;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * What went wrong with a call to the admin API, in the reader's language, with the API's
 * own detail: every screen shows a refusal this way ({@code failure.*} in the bundle).
 */
@Component
public class ConsoleFailures {

	private final MessageSource messages;

	ConsoleFailures(MessageSource messages) {
		this.messages = messages;
	}

	/**
	 * A refusal ({@link AdminApi.Refused}) by its status, or the API being out of reach
	 * ({@link RestClientException}).
	 */
	public String describe(RuntimeException ex, Locale locale) {
		if (ex instanceof AdminApi.Refused refused) {
			String key = switch (refused.status()) {
				case 400 -> "failure.bad-request";
				case 401 -> "failure.unauthorized";
				case 403 -> "failure.forbidden";
				case 404 -> "failure.not-found";
				case 409 -> "failure.conflict";
				case 422 -> "failure.unprocessable";
				default -> "failure.refused";
			};
			String detail = refused.detail().isBlank() ? refused.title() : refused.detail();
			return this.messages.getMessage(key, new Object[] { refused.status(), detail }, locale);
		}
		return this.messages.getMessage("failure.unreachable", null, locale);
	}

}
