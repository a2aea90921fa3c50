package io.concord.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Signed partner callbacks ({@link SignedWebhooks}).
 *
 * @param tolerance how far a callback's signing time may be from ours (either way)
 * @param maxBodySize the largest callback body read; a larger one is refused before it is
 * verified
 */
@ConfigurationProperties("concord.webhooks")
public record WebhookProperties(@DefaultValue("5m") Duration tolerance, @DefaultValue("128KB") DataSize maxBodySize) {

}
