package io.concord.platform.events;

import java.time.Instant;
import java.util.Map;

/**
 * An event this service gave up on, as the admin API lists it.
 *
 * @param id the dead letter's id
 * @param topic the topic it came from
 * @param partition its partition
 * @param offset its offset
 * @param key its key (the aggregate id)
 * @param eventId its CloudEvents id, when it had one
 * @param eventType its CloudEvents type, when it had one
 * @param reason why it failed
 * @param status PENDING, or REPLAYED once a replay succeeded
 * @param failedAt when it was given up on
 * @param replayedAt when a replay succeeded
 * @param headers its Kafka headers
 * @param payload its value as text
 * @param attempts how often it was tried: the deliveries before it was given up on, then
 * each re-drive (parked) and each replay
 * @param retriedAt when it was last tried again (a re-drive or a failed replay), if ever
 */
public record DeadLetter(long id, String topic, int partition, long offset, String key, String eventId,
		String eventType, String reason, String status, Instant failedAt, Instant replayedAt,
		Map<String, String> headers, String payload, int attempts, Instant retriedAt) {

}
