package io.concord.member.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One proven identity of a member on a channel (a one-time code, or a channel client
 * vouched for it); the value is stored encrypted and found by its keyed hash. Each
 * identity belongs to one member at most. Unproven ones are {@link IdentityHint}s.
 */
@Entity
// Only changed columns are written: a merge moving the row never writes back a value a
// concurrent re-encryption has just replaced.
@DynamicUpdate
@Table(name = "channel_identity")
class ChannelIdentity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "member_id", nullable = false)
	private UUID memberId;

	@Enumerated(EnumType.STRING)
	@Column(name = "identity_type", nullable = false)
	private IdentityType type;

	@Column(nullable = false)
	private String namespace;

	@Column(name = "lookup_hash", nullable = false)
	private String lookupHash;

	@Column(name = "protected_value", nullable = false)
	private String protectedValue;

	@Column(name = "masked_value", nullable = false)
	private String maskedValue;

	@Column(name = "linked_at", nullable = false)
	private Instant linkedAt;

	protected ChannelIdentity() {
	}

	ChannelIdentity(MemberId memberId, IdentityType type, String namespace, String lookupHash, String protectedValue,
			String maskedValue, Instant linkedAt) {
		this.memberId = memberId.value();
		this.type = type;
		this.namespace = namespace;
		this.lookupHash = lookupHash;
		this.protectedValue = protectedValue;
		this.maskedValue = maskedValue;
		this.linkedAt = linkedAt;
	}

	MemberId memberId() {
		return new MemberId(this.memberId);
	}

	IdentityType type() {
		return this.type;
	}

	String namespace() {
		return this.namespace;
	}

	String maskedValue() {
		return this.maskedValue;
	}

	String protectedValue() {
		return this.protectedValue;
	}

	String lookupHash() {
		return this.lookupHash;
	}

	Instant linkedAt() {
		return this.linkedAt;
	}

	void moveTo(MemberId survivor) {
		this.memberId = survivor.value();
	}

}
