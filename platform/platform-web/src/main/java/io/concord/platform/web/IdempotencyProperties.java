package io.concord.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ttl how long a key and its stored response are kept
 * @param inFlightTimeout after how long an unfinished first attempt (e.g. a crashed
 * instance) stops blocking the key
 */
@ConfigurationProperties("concord.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("60s") Duration inFlightTimeout) {

}
