package io.concord.member.notifications;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A notification ends once, from PENDING. */
class NotificationStatusTests {

	@Test
	void aPendingNotificationEndsInAnyOtherStatus() {
		for (Notifications.Status next : Notifications.Status.values()) {
			assertThat(Notifications.Status.PENDING.canBecome(next)).isEqualTo(next != Notifications.Status.PENDING);
		}
	}

	@Test
	void anEndedNotificationStaysAsItEnded() {
		for (Notifications.Status ended : Notifications.Status.values()) {
			if (ended != Notifications.Status.PENDING) {
				for (Notifications.Status next : Notifications.Status.values()) {
					assertThat(ended.canBecome(next)).isFalse();
				}
			}
		}
		assertThatIllegalStateException().isThrownBy(() -> Notifications.Status.ending(Notifications.Status.PENDING));
	}

}
