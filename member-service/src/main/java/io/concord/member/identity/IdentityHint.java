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
 * An identity a member stated without proving it (no one-time code, no channel client
 * vouching for it). Kept for the member to see and export, and nothing else: a hint never
 * resolves a registration, signs anyone in, merges or blocks; several members may state
 * the same one.
 */
@Entity
// Only changed columns are written: a merge moving the row never writes back a value a
// concurrent re-encryption has just replaced.
@DynamicUpdate
@Table(name = "identity_hint")
class IdentityHint {

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

	@Column(name = "recorded_at", nullable = false)
	private Instant recordedAt;

	protected IdentityHint() {
	}

	IdentityHint(MemberId memberId, IdentityType type, String namespace, String lookupHash, String protectedValue,
			String maskedValue, Instant recordedAt) {
		this.memberId = memberId.value();
		this.type = type;
		this.namespace = namespace;
		this.lookupHash = lookupHash;
		this.protectedValue = protectedValue;
		this.maskedValue = maskedValue;
		this.recordedAt = recordedAt;
	}

	IdentityType type() {
		return this.type;
	}

	String namespace() {
		return this.namespace;
	}

	String lookupHash() {
		return this.lookupHash;
	}

	String maskedValue() {
		return this.maskedValue;
	}

	String protectedValue() {
		return this.protectedValue;
	}

	Instant recordedAt() {
		return this.recordedAt;
	}

	boolean sameIdentityAs(IdentityType type, String namespace, String lookupHash) {
		return this.type == type && this.namespace.equals(namespace) && this.lookupHash.equals(lookupHash);
	}

	void moveTo(MemberId survivor) {
		this.memberId = survivor.value();
	}

}
