package io.concord.member.identity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An identity as a client presents it.
 *
 * @param type the kind of identity
 * @param namespace platform, app or marketplace (where the type needs one)
 * @param value the phone, address or id
 * @param verificationCode the one-time code sent to a phone or e-mail address, proving it
 */
record IdentityClaim(@Schema(example = "PHONE") @NotNull IdentityType type, @Schema(
		description = "platform, app or marketplace, where the type needs one (e.g. wechat:wx8a1b2c3d4e5f6a7b)") @Size(
				max = 64) @Nullable String namespace,
		@Schema(example = "+8613800138000") @NotNull @Size(min = 1, max = 254) String value,
		@Schema(example = "482913") @Pattern(regexp = "\\d{6}") @Nullable String verificationCode) {

}
