package io.concord.inventory.reservation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code concord.inventory.availability.*}: how long the availability API keeps channel
 * routes and location regions before reading them again. A change made through this
 * replica is seen at once; one made through another replica within this time.
 */
@ConfigurationProperties("concord.inventory.availability")
record AvailabilitySettings(@DefaultValue("5s") Duration routesTtl) {

	AvailabilitySettings {
		if (routesTtl.isNegative()) {
			throw new IllegalArgumentException("concord.inventory.availability.routes-ttl must not be negative");
		}
	}

}
