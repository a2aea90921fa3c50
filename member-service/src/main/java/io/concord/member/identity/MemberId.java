package io.concord.member.identity;

import java.util.UUID;

import org.springframework.modulith.NamedInterface;

/** The one id a member has across every channel. */
@NamedInterface("api")
public record MemberId(UUID value) {

	public static MemberId random() {
		return new MemberId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
