package io.concord.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every page shows of the signed-in user: their name, their highest role, and
 * whether they may act (ops-manager and up). The API still decides every action; this
 * only keeps buttons away from those who would be refused.
 */
@ControllerAdvice
class ConsoleModel {

	public record Staff(String name, String role, boolean canAct) {
	}

	@ModelAttribute("staff")
	@Nullable Staff staff(@Nullable Authentication user) {
		if (user == null || !(user.getPrincipal() instanceof OidcUser oidc)) {
			return null;
		}
		String role = "none";
		for (String candidate : StaffRoles.HIERARCHY) {
			if (has(user, candidate)) {
				role = candidate;
			}
		}
		String name = (oidc.getPreferredUsername() != null) ? oidc.getPreferredUsername() : oidc.getSubject();
		return new Staff(name, role, has(user, "ops-manager"));
	}

	@ModelAttribute("lang")
	String lang(Locale locale) {
		return locale.toLanguageTag();
	}

	/**
	 * The page itself in each language ({@code ?lang=} added to its own query), so
	 * switching language keeps what the reader was looking at (e.g. {@code ?sku=}).
	 */
	@ModelAttribute("languageLinks")
	Map<String, String> languageLinks(HttpServletRequest request) {
		Map<String, String> links = new LinkedHashMap<>();
		for (String language : List.of("zh-CN", "en")) {
			links.put(language,
					UriComponentsBuilder.fromPath(request.getRequestURI())
						.query(request.getQueryString())
						.replaceQueryParam("lang", language)
						.build(true)
						.toUriString());
		}
		return links;
	}

	static boolean has(Authentication user, String role) {
		return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(("ROLE_" + role)::equals);
	}

}
