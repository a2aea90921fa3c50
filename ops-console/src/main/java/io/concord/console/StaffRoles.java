package io.concord.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Staff roles from the ID token, read as the services read them from the access token
 * (claim path, role prefix, {@code ops-viewer < ops-manager < admin}). The console uses
 * them only to decide what to show; the API decides what is allowed.
 */
public final class StaffRoles {

	/** The staff roles, lowest first: each implies those before it. */
	public static final List<String> HIERARCHY = List.of("ops-viewer", "ops-manager", "admin");

	private StaffRoles() {
	}

	static Set<GrantedAuthority> authorities(Map<String, Object> claims, String claimPath, String prefix) {
		@Nullable Object value = claims;
		for (String part : claimPath.split("\\.")) {
			value = (value instanceof Map<?, ?> map) ? map.get(part) : null;
		}
		List<String> named = new ArrayList<>();
		if (value instanceof Collection<?> collection) {
			collection.forEach((role) -> named.add(String.valueOf(role)));
		}
		else if (value instanceof String text) {
			named.addAll(List.of(text.split("[\\s,]+")));
		}
		int highest = -1;
		for (String role : named) {
			if (role.startsWith(prefix)) {
				highest = Math.max(highest, HIERARCHY.indexOf(role.substring(prefix.length())));
			}
		}
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		for (int i = 0; i <= highest; i++) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + HIERARCHY.get(i)));
		}
		return authorities;
	}

}
