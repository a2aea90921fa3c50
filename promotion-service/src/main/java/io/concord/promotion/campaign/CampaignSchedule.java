package io.concord.promotion.campaign;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Campaigns start and end on their own, to the second that matters at midnight. */
@Component
class CampaignSchedule {

	private final Campaigns campaigns;

	CampaignSchedule(Campaigns campaigns) {
		this.campaigns = campaigns;
	}

	@Scheduled(fixedDelayString = "${concord.promotion.campaigns.schedule-check:1s}")
	void advance() {
		this.campaigns.advance();
	}

}
