package io.concord.member.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "member")
class Member {

	@Id
	private UUID id;

	@Column(name = "display_name", nullable = false)
	private String displayName;

	@Enumerated(EnumType.STRING)
	@Column(name = "registered_channel", nullable = false)
	private Channel registeredChannel;

	@Column(name = "registered_at", nullable = false)
	private Instant registeredAt;

	@Version
	private long version;

	protected Member() {
	}

	Member(MemberId id, String displayName, Channel channel, Instant registeredAt) {
		this.id = id.value();
		this.displayName = displayName;
		this.registeredChannel = channel;
		this.registeredAt = registeredAt;
	}

	MemberId id() {
		return new MemberId(this.id);
	}

	String displayName() {
		return this.displayName;
	}

	Channel registeredChannel() {
		return this.registeredChannel;
	}

	Instant registeredAt() {
		return this.registeredAt;
	}

	long version() {
		return this.version;
	}

}
