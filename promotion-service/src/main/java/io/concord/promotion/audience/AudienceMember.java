package io.concord.promotion.audience;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "audience_member")
class AudienceMember {

	@Id
	@Column(name = "member_id")
	private UUID memberId;

	@Column(name = "registered_channel", nullable = false)
	private String registeredChannel;

	@Column(name = "registered_at", nullable = false)
	private Instant registeredAt;

	@Column(name = "member_version", nullable = false)
	private long memberVersion;

	protected AudienceMember() {
	}

	AudienceMember(UUID memberId, String registeredChannel, Instant registeredAt, long memberVersion) {
		this.memberId = memberId;
		this.registeredChannel = registeredChannel;
		this.registeredAt = registeredAt;
		this.memberVersion = memberVersion;
	}

	UUID memberId() {
		return this.memberId;
	}

	String registeredChannel() {
		return this.registeredChannel;
	}

	Instant registeredAt() {
		return this.registeredAt;
	}

	long memberVersion() {
		return this.memberVersion;
	}

}
