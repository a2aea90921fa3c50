package io.concord.platform.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What ops staff may do: viewers read, managers also change, admins also configure. Each
 * role implies the ones declared before it.
 */
public enum StaffRole {

	OPS_VIEWER("ops-viewer"), OPS_MANAGER("ops-manager"), ADMIN("admin");

	private final String role;

	StaffRole(String role) {
		this.role = role;
	}

	/** The role as it appears in a staff token and in {@code hasRole(..)}. */
	public String role() {
		return this.role;
	}

	public String authority() {
		return "ROLE_" + this.role;
	}

	static Optional<StaffRole> fromClaim(String value) {
		for (StaffRole candidate : values()) {
			if (candidate.role.equals(value)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** This role and every role it implies. */
	List<StaffRole> withImplied() {
		return Arrays.stream(values()).filter((role) -> role.ordinal() <= ordinal()).toList();
	}

}
