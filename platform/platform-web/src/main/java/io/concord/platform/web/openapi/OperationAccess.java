package io.concord.platform.web.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * Who may call each operation, asked of the service's own security rules (Spring
 * Security's privilege evaluator over its filter chains) with the callers Concord knows:
 * anyone, a signed-in member, and staff by role. The answer becomes the operation's
 * security requirement, its 401 and 403 problem answers and a "Who may call" line in its
 * description, so the document cannot promise what the service refuses.
 */
class OperationAccess implements GlobalOpenApiCustomizer {

	// The authorities platform-security's TokenAuthorities grants (which this module
	// does not depend on): a member token's, and a staff token's roles with those they
	// imply.
	private static final String MEMBER_AUTHORITY = "MEMBER";

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("openapi", "anonymous",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private static final Authentication MEMBER = UsernamePasswordAuthenticationToken.authenticated("member", null,
			AuthorityUtils.createAuthorityList(MEMBER_AUTHORITY));

	private final ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator;

	OperationAccess(ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator) {
		this.evaluator = evaluator;
	}

	@Override
	public void customise(OpenAPI openApi) {
		WebInvocationPrivilegeEvaluator rules = this.evaluator.getIfAvailable();
		if (rules == null || openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
				document(entry.getValue(), access(rules, entry.getKey().name(), path));
			}
		});
	}

	static Access access(WebInvocationPrivilegeEvaluator rules, String method, String pathTemplate) {
		// Any value stands for a path variable: the rules match on the path's shape.
		String path = pathTemplate.replaceAll("\\{[^}]+}", "1");
		if (rules.isAllowed("", path, method, ANONYMOUS)) {
			return path.startsWith("/webhooks/") ? Access.SIGNED_PARTNER : Access.ANYONE;
		}
		if (rules.isAllowed("", path, method, MEMBER)) {
			return Access.MEMBER;
		}
		List<GrantedAuthority> roles = new ArrayList<>();
		for (String role : ServiceDocument.STAFF_ROLES.keySet()) {
			roles.add(new SimpleGrantedAuthority("ROLE_" + role));
			Authentication staff = UsernamePasswordAuthenticationToken.authenticated("staff", null, List.copyOf(roles));
			if (rules.isAllowed("", path, method, staff)) {
				return Access.staff(role);
			}
		}
		return Access.SERVICE;
	}

	private static void document(Operation operation, Access access) {
		String who = "**Who may call:** " + access.who();
		String description = operation.getDescription();
		if (description == null || description.isBlank()) {
			operation.description(who);
		}
		else if (!description.contains("Who may call")) {
			// A hand-written line (naming the exact roles or ownership rule) is kept as
			// is.
			operation.description(description + "\n\n" + who);
		}
		if (access.scheme() == null) {
			operation.security(List.of());
			return;
		}
		operation.security(List.of(new SecurityRequirement().addList(access.scheme(),
				(access.role() != null) ? List.of(access.role()) : List.of())));
		ProblemAnswers.add(operation, 401, "unauthorized",
				"the access token is missing, invalid or expired (`WWW-Authenticate: Bearer`)");
		ProblemAnswers.add(operation, 403, "forbidden", "the access token does not grant this operation");
		operation.getResponses()
			.get("401")
			.addHeaderObject(ServiceDocument.REQUEST_ID,
					new io.swagger.v3.oas.models.headers.Header().$ref("#/components/headers/X-Request-Id"));
		operation.getResponses()
			.get("403")
			.addHeaderObject(ServiceDocument.REQUEST_ID,
					new io.swagger.v3.oas.models.headers.Header().$ref("#/components/headers/X-Request-Id"));
	}

	/**
	 * @param who who may call, for the reader
	 * @param scheme the security scheme the operation needs (none: anonymous)
	 * @param role the staff role it needs
	 */
	record Access(String who, @Nullable String scheme, @Nullable String role) {

		static final Access ANYONE = new Access("anyone; no token needed.", null, null);

		static final Access SIGNED_PARTNER = new Access(
				"the partner, authenticated by its signature over the body (no bearer token).", null, null);

		static final Access MEMBER = new Access(
				"a signed-in member, with a member token from `POST /api/auth/token` (`memberToken`).",
				ServiceDocument.MEMBER_TOKEN, null);

		static final Access SERVICE = new Access(
				"Concord's own services only (a staff-issuer client with a service role); not for storefronts.",
				ServiceDocument.STAFF_TOKEN, null);

		static Access staff(String role) {
			return new Access("staff with role `" + role + "` or higher, with a staff token (`staffToken`).",
					ServiceDocument.STAFF_TOKEN, role);
		}

	}

}
