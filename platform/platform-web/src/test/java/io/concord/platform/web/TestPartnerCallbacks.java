package io.concord.platform.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner API as a service declares one, for {@link SignedWebhooksIntegrationTests}.
 */
@RestController
class TestPartnerCallbacks {

	record Scan(@NotBlank @Size(max = 20) String eventId, @NotNull @Min(1) @Max(999) Integer quantity,
			@NotNull @Size(max = 3) List<@Valid @NotNull Line> lines) {
	}

	record Line(@NotBlank String sku) {
	}

	private final SignedWebhooks webhooks;

	TestPartnerCallbacks(SignedWebhooks webhooks) {
		this.webhooks = webhooks;
	}

	@PostMapping("/test/webhooks/{partner}")
	Scan receive(@PathVariable String partner, HttpServletRequest request) {
		if (!partner.equals("acme")) {
			throw new ProblemException.NotFound("Partner", partner);
		}
		return this.webhooks.read(request, SignedWebhooksIntegrationTests.SECRET, Scan.class);
	}

}
