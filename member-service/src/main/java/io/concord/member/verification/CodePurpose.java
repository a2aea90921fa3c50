package io.concord.member.verification;

/** What a one-time code may be used for; a code for one purpose never serves another. */
public enum CodePurpose {

	VERIFY_IDENTITY, SIGN_IN

}
