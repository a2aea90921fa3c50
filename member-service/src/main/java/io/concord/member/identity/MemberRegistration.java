package io.concord.member.identity;

import java.time.Clock;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class MemberRegistration {

	private final MemberRepository members;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MemberRegistration(MemberRepository members, ApplicationEventPublisher events, Clock clock) {
		this.members = members;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Creates the member and records {@link MemberRegistered} in the same transaction.
	 */
	@Transactional
	MemberView register(String displayName, Channel channel) {
		Member member = this.members
			.saveAndFlush(new Member(MemberId.random(), displayName.strip(), channel, this.clock.instant()));
		this.events.publishEvent(
				new MemberRegistered(EventMetadata.of(member.id(), member.version() + 1, member.registeredAt()),
						member.id().value(), channel, member.registeredAt()));
		return MemberView.of(member);
	}

	@Transactional(readOnly = true)
	MemberView find(MemberId id) {
		return this.members.findById(id.value())
			.map(MemberView::of)
			.orElseThrow(() -> new ProblemException.NotFound("Member", id));
	}

}
