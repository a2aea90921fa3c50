package io.concord.member.lifecycle;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The nightly run (and the admin API's on-demand run): scores, churn risks, birthdays,
 * each in its own transaction.
 */
@Component
class LifecycleRuns {

	private final Lifecycle lifecycle;

	LifecycleRuns(Lifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@Scheduled(cron = "${concord.member.lifecycle.cron:0 0 2 * * *}",
			zone = "${concord.member.lifecycle.zone:Asia/Shanghai}")
	Lifecycle.Evaluation evaluate() {
		return new Lifecycle.Evaluation(this.lifecycle.scoreRfm(null), this.lifecycle.signalChurnRisks(),
				this.lifecycle.celebrateBirthdays());
	}

}
