package io.concord.member.privacy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/members/config/personal-data-keys/re-encryption} (admin): after a
 * new active key was configured, rewrites every stored value under it and reports how
 * many per column.
 */
@RestController
@Tag(name = "privacy",
		description = "A member's own data export and erasure, and re-encryption of the personal data stored.")
class PersonalDataKeysController {

	private final PersonalDataKeys keys;

	PersonalDataKeysController(PersonalDataKeys keys) {
		this.keys = keys;
	}

	@Operation(operationId = "reencryptPersonalData", summary = "Re-encrypt personal data under the active key",
			description = """
					After a new active encryption key was configured, rewrites every stored personal value under it and \
					reports how many per column; the old key can be removed afterwards.

					Who may call: staff with role admin (a change under /admin/members/config).""")
	@PostMapping("/admin/members/config/personal-data-keys/re-encryption")
	PersonalDataKeys.Reencryption reencrypt() {
		return this.keys.reencrypt();
	}

}
