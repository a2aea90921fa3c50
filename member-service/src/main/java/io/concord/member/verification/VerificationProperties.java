package io.concord.member.verification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param limits how many one-time codes may be requested per hour
 */
@ConfigurationProperties("concord.member.verification")
record VerificationProperties(@DefaultValue Limits limits) {

	/**
	 * @param perIdentityPerHour codes per phone or e-mail address and purpose
	 * @param perNumberRangePerHour codes to one number range (the E.164 number without
	 * its last 4 digits, 10,000 numbers), sign-in and verification together
	 * @param perForeignCountryPerHour codes to numbers of one country calling code other
	 * than the home region's ({@code concord.member.identity.default-region}), together
	 */
	record Limits(@DefaultValue("5") int perIdentityPerHour, @DefaultValue("30") int perNumberRangePerHour,
			@DefaultValue("50") int perForeignCountryPerHour) {
	}

}
