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

	enum Status {

		ACTIVE, MERGED, ERASED

	}

	@Id
	private UUID id;

	@Column(name = "display_name", nullable = false)
	private String displayName;

	@Enumerated(EnumType.STRING)
	@Column(name = "registered_channel", nullable = false)
	private Channel registeredChannel;

	@Column(name = "registered_at", nullable = false)
	private Instant registeredAt;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Status status = Status.ACTIVE;

	@Column(name = "merged_into")
	private UUID mergedInto;

	// Advanced only by Identities.nextEventVersion (SQL), shared by every event about the
	// member.
	@Column(name = "event_version", nullable = false, updatable = false)
	private long eventVersion;

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

	boolean isActive() {
		return this.status == Status.ACTIVE;
	}

	String status() {
		return this.status.name();
	}

	boolean isErased() {
		return this.status == Status.ERASED;
	}

	/** Keeps the id (ledgers and orders refer to it) and forgets the person. */
	void erase() {
		this.status = Status.ERASED;
		this.displayName = "Erased member";
	}

	MemberId mergedInto() {
		return (this.mergedInto != null) ? new MemberId(this.mergedInto) : null;
	}

	void mergeInto(MemberId survivor) {
		this.status = Status.MERGED;
		this.mergedInto = survivor.value();
	}

}
