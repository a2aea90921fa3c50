package io.concord.member.verification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local stack's "SMS and mail provider": keeps the last code per destination in
 * memory so the demo and developers can read it at
 * {@code GET /dev/one-time-codes?destination=...}. Exists only with
 * {@code concord.member.dev-tools.enabled=true}, which only the local stack and tests
 * set; production has a real provider and no such endpoint.
 */
@RestController
@Component
@ConditionalOnProperty(name = "concord.member.dev-tools.enabled", havingValue = "true")
@Tag(name = "development",
		description = "Local-stack tools that exist only with development tools enabled, never in production.")
class DevelopmentMailbox implements CodeDelivery {

	record DeliveredCode(String destination, CodePurpose purpose, String code) {
	}

	private final Map<String, DeliveredCode> latest = new ConcurrentHashMap<>();

	@Override
	public void deliver(String destination, CodePurpose purpose, String code) {
		this.latest.put(destination, new DeliveredCode(destination, purpose, code));
	}

	@Operation(operationId = "getLatestOneTimeCode", summary = "Read the last code sent to a destination",
			description = """
					The last one-time code the development mailbox "sent" to a phone or e-mail address, so demos and \
					tests can complete registration and sign-in. Exists only with concord.member.dev-tools.enabled \
					(the local stack and tests); never in the public document.

					Who may call: anonymous (anyone), where it exists.""")
	@ProblemResponse(status = 404, type = "not-found", when = "no code was sent to that destination")
	@GetMapping("/dev/one-time-codes")
	DeliveredCode latest(@RequestParam String destination) {
		DeliveredCode code = this.latest.get(destination);
		if (code == null) {
			throw new ProblemException.NotFound("Code for", "that destination");
		}
		return code;
	}

}
