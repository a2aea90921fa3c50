package io.concord.platform.events;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@SpringBootApplication
class EventsTestApplication {

	@PublishedEvent(topic = "concord.test.events.v1", type = "concord.test.ParcelRegistered")
	record ParcelRegistered(EventMetadata metadata, UUID parcelId, String label) implements IntegrationEvent {
	}

	/** What a consumer publishes in turn ("relay-" parcels): the next hop of a tag. */
	@PublishedEvent(topic = "concord.test.events.v1", type = "concord.test.ParcelCounted")
	record ParcelCounted(EventMetadata metadata, UUID parcelId, String label) implements IntegrationEvent {
	}

	record ParcelData(UUID parcelId, String label) {
	}

	/** What purging a test run deletes here: tallies, then parcels. */
	@org.springframework.context.annotation.Bean
	io.concord.platform.web.TestRunData.Steps parcelsOfTestRuns() {
		return io.concord.platform.web.TestRunData.Steps.of(io.concord.platform.web.TestRunData.table("parcel_tally"),
				io.concord.platform.web.TestRunData.table("parcel"));
	}

	/** Registers a parcel over HTTP, as a service's API would (shadow traffic tests). */
	@org.springframework.web.bind.annotation.RestController
	static class ParcelController {

		private final Parcels parcels;

		ParcelController(Parcels parcels) {
			this.parcels = parcels;
		}

		@org.springframework.web.bind.annotation.PostMapping("/test/parcels/{label}")
		UUID register(@org.springframework.web.bind.annotation.PathVariable String label) {
			return this.parcels.register(label, false);
		}

	}

	@Service
	static class Parcels {

		private final JdbcTemplate jdbc;

		private final ApplicationEventPublisher events;

		Parcels(JdbcTemplate jdbc, ApplicationEventPublisher events) {
			this.jdbc = jdbc;
			this.events = events;
		}

		@Transactional
		UUID register(String label, boolean failAfterPublishing) {
			UUID id = UUID.randomUUID();
			this.jdbc.update("insert into parcel (id, label, version) values (?, ?, 1)", id, label);
			this.events.publishEvent(new ParcelRegistered(EventMetadata.of(id, 1, Instant.now()), id, label));
			if (failAfterPublishing) {
				throw new IllegalStateException("rolled back after publishing");
			}
			return id;
		}

	}

	/**
	 * Counts arrivals per label; refuses "poison" labels while {@link #refusePoison} is
	 * set.
	 */
	@Component
	static class ParcelTally implements EventHandler<ParcelData> {

		final AtomicBoolean refusePoison = new AtomicBoolean(true);

		/** "early" labels are out of order while this is set. */
		final AtomicBoolean prerequisiteMissing = new AtomicBoolean(true);

		private final JdbcTemplate jdbc;

		private final ApplicationEventPublisher events;

		ParcelTally(JdbcTemplate jdbc, ApplicationEventPublisher events) {
			this.jdbc = jdbc;
			this.events = events;
		}

		@Override
		public String eventType() {
			return "concord.test.ParcelRegistered";
		}

		@Override
		public Class<ParcelData> dataType() {
			return ParcelData.class;
		}

		@Override
		public void handle(InboundEvent<ParcelData> event) {
			this.jdbc.update("""
					insert into parcel_tally (label, arrivals) values (?, 1)
					on conflict (label) do update set arrivals = parcel_tally.arrivals + 1""", event.data().label());
			if (event.data().label().startsWith("poison") && this.refusePoison.get()) {
				throw new IllegalStateException("cannot handle " + event.data().label());
			}
			if (event.data().label().startsWith("early") && this.prerequisiteMissing.get()) {
				throw new OutOfOrderEventException(event.data().label() + " came before its prerequisite");
			}
			if (event.data().label().startsWith("relay-")) {
				this.events.publishEvent(new ParcelCounted(EventMetadata.of(event.data().parcelId(), 2, Instant.now()),
						event.data().parcelId(), event.data().label()));
			}
		}

	}

}
