package io.concord.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ttl how long a key and its stored response are kept
 * @param inFlightTimeout after how long an unfinished first attempt stops blocking the
 * key even though its instance still beats (a last resort: requests end at their deadline
 * long before, and a crashed instance's keys are taken over as soon as its heartbeat is
 * stale)
 */
@ConfigurationProperties("concord.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("10m") Duration inFlightTimeout) {

}
