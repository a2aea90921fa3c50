package io.concord.member.identity;

import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.modulith.NamedInterface;

/**
 * An identity in its one canonical form: E.164 phones, lower-cased e-mails, trimmed ids
 * and lower-cased namespaces. Matching happens only on this form.
 */
@NamedInterface("api")
public record NormalizedIdentity(IdentityType type, String namespace, String value) {

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	static NormalizedIdentity of(IdentityType type, String namespace, String raw, String defaultRegion) {
		String ns = (namespace != null) ? namespace.strip().toLowerCase(Locale.ROOT) : "";
		if (type.namespaceRequired() && ns.isEmpty()) {
			throw invalid(type + " needs a namespace (the platform, app or marketplace it belongs to)");
		}
		if (ns.length() > 64) {
			throw invalid("namespace is longer than 64 characters");
		}
		String value = (raw != null) ? raw.strip() : "";
		return switch (type) {
			case PHONE -> new NormalizedIdentity(type, "", phone(value, defaultRegion));
			case EMAIL -> {
				String email = value.toLowerCase(Locale.ROOT);
				if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
					throw invalid("not an e-mail address");
				}
				yield new NormalizedIdentity(type, "", email);
			}
			default -> {
				if (value.isEmpty() || value.length() > 128) {
					throw invalid(type + " must be 1 to 128 characters");
				}
				yield new NormalizedIdentity(type, ns, value);
			}
		};
	}

	/** What the keyed lookup hash is computed over. */
	String lookupKey() {
		return this.type + "|" + this.namespace + "|" + this.value;
	}

	private static String phone(String raw, String defaultRegion) {
		try {
			Phonenumber.PhoneNumber number = PHONES.parse(raw, defaultRegion);
			if (!PHONES.isValidNumber(number)) {
				throw invalid("not a valid phone number");
			}
			return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			throw invalid("not a phone number");
		}
	}

	private static ProblemException invalid(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid identity", detail);
	}

}
