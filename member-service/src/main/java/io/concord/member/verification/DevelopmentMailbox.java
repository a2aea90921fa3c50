package io.concord.member.verification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.concord.platform.web.ProblemException;

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
class DevelopmentMailbox implements CodeDelivery {

	record DeliveredCode(String destination, CodePurpose purpose, String code) {
	}

	private final Map<String, DeliveredCode> latest = new ConcurrentHashMap<>();

	@Override
	public void deliver(String destination, CodePurpose purpose, String code) {
		this.latest.put(destination, new DeliveredCode(destination, purpose, code));
	}

	@GetMapping("/dev/one-time-codes")
	DeliveredCode latest(@RequestParam String destination) {
		DeliveredCode code = this.latest.get(destination);
		if (code == null) {
			throw new ProblemException.NotFound("Code for", "that destination");
		}
		return code;
	}

}
