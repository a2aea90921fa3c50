package io.concord.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Shadow traffic (ADR-25).
 *
 * @param enabled whether requests and events tagged with a test run are accepted; off,
 * every tagged request is refused (403 {@code load-testing-disabled}) and no shadow topic
 * is created or read. {@code ./concord} and the load test's own stack switch it on;
 * production leaves it off except during a rehearsal.
 */
@ConfigurationProperties("concord.load-testing")
public record LoadTestingProperties(@DefaultValue("false") boolean enabled) {

}
