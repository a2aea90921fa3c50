package io.concord.member.identity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An identity as a client presents it.
 *
 * @param type the kind of identity
 * @param namespace platform, app or marketplace (where the type needs one)
 * @param value the phone, address or id
 * @param verificationCode the one-time code sent to a phone or e-mail address, proving it
 */
public record IdentityClaim(@NotNull IdentityType type, @Size(max = 64) String namespace,
		@NotNull @Size(min = 1, max = 254) String value, @Pattern(regexp = "\\d{6}") String verificationCode) {

}
