package io.concord.member.identity;

import org.springframework.modulith.NamedInterface;

/** The kinds of identity a shopper has on a channel. */
@NamedInterface("api")
public enum IdentityType {

	/** A mobile number, E.164. Verified by a one-time code. */
	PHONE(true, false),
	/** An e-mail address, lower-cased. Verified by a one-time code. */
	EMAIL(true, false),
	/** The account id in the brand's own app. */
	APP_ACCOUNT(false, false),
	/** A social platform's id of the user within one app; namespace = platform:appId. */
	SOCIAL_OPEN_ID(false, true),
	/**
	 * A social platform's id of the user across that platform's apps; namespace =
	 * platform.
	 */
	SOCIAL_UNION_ID(false, true),
	/**
	 * A physical store loyalty card number; namespace = the card programme (optional).
	 */
	STORE_CARD(false, false),
	/** A partner marketplace's buyer id; namespace = marketplace. */
	MARKETPLACE_BUYER(false, true);

	private final boolean verifiedByCode;

	private final boolean namespaceRequired;

	IdentityType(boolean verifiedByCode, boolean namespaceRequired) {
		this.verifiedByCode = verifiedByCode;
		this.namespaceRequired = namespaceRequired;
	}

	/** Whether the shopper proves it with a one-time code (phone, e-mail). */
	public boolean verifiedByCode() {
		return this.verifiedByCode;
	}

	boolean namespaceRequired() {
		return this.namespaceRequired;
	}

}
