package io.concord.member.privacy;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/members/config/personal-data-keys/re-encryption} (admin): after a
 * new active key was configured, rewrites every stored value under it and reports how
 * many per column.
 */
@RestController
class PersonalDataKeysController {

	private final PersonalDataKeys keys;

	PersonalDataKeysController(PersonalDataKeys keys) {
		this.keys = keys;
	}

	@PostMapping("/admin/members/config/personal-data-keys/re-encryption")
	PersonalDataKeys.Reencryption reencrypt() {
		return this.keys.reencrypt();
	}

}
