package io.concord.promotion.audience;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the audience current from member-service: tier changes (the newest wins, by the
 * member's aggregate version), RFM segments (MemberSegmentChanged and churn risk, the
 * newest likewise), merges and erasure.
 */
@Configuration(proxyBeanMethods = false)
class MemberLifecycleHandlers {

	record TierChanged(UUID memberId, String previousTier, String tier, Instant changedAt) {
	}

	record MemberChurnRisk(UUID memberId, @Nullable String segment, Instant lastActiveAt) {
	}

	record MemberSegmentChanged(UUID memberId, String segment) {
	}

	record MemberMerged(UUID survivorMemberId, UUID mergedMemberId) {
	}

	record MemberErased(UUID memberId, Instant erasedAt) {
	}

	@Bean
	EventHandler<TierChanged> audienceTierChanged(Audience audience) {
		return EventHandler.of("concord.member.TierChanged", TierChanged.class, "audience-tier-changed",
				(event) -> audience.changeTier(event.data().memberId(), event.data().tier(), event.aggregateVersion()));
	}

	@Bean
	EventHandler<MemberChurnRisk> audienceChurnRisk(Audience audience) {
		return EventHandler.of("concord.member.MemberChurnRisk", MemberChurnRisk.class, "audience-churn-risk",
				(event) -> audience.segment(event.data().memberId(),
						(event.data().segment() != null) ? event.data().segment() : "CHURN_RISK",
						event.aggregateVersion(), "MemberChurnRisk"));
	}

	@Bean
	EventHandler<MemberSegmentChanged> audienceSegmentChanged(Audience audience) {
		return EventHandler.of("concord.member.MemberSegmentChanged", MemberSegmentChanged.class,
				"audience-segment-changed", (event) -> audience.segment(event.data().memberId(), event.data().segment(),
						event.aggregateVersion(), "MemberSegmentChanged"));
	}

	@Bean
	EventHandler<MemberMerged> audienceMerged(Audience audience) {
		// The survivor keeps its own profile; the merged id no longer signs in.
		return EventHandler.of("concord.member.MemberMerged", MemberMerged.class, "audience-merged",
				(event) -> audience.forget(event.data().mergedMemberId()));
	}

	@Bean
	EventHandler<MemberErased> audienceErased(Audience audience) {
		return EventHandler.of("concord.member.MemberErased", MemberErased.class, "audience-erased",
				(event) -> audience.erase(event.data().memberId(),
						(event.data().erasedAt() != null) ? event.data().erasedAt() : event.time()));
	}

}
