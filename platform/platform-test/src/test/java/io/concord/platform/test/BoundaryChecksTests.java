package io.concord.platform.test;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The services' {@code ModularityTests} rely on Spring Modulith failing when a feature
 * package uses one its {@code @ApplicationModule(allowedDependencies)} does not name;
 * this shows it does, on a miniature service whose {@code campaign} package uses
 * {@code coupon} without declaring it (imported with test classes, where the miniature
 * lives).
 */
class BoundaryChecksTests {

	@Test
	void aDependencyThePackageDidNotDeclareFailsTheCheck() {
		assertThatThrownBy(
				() -> ApplicationModules.of("io.concord.platform.test.boundaries.shop", (location) -> true).verify())
			.hasMessageContaining("Module 'campaign' depends on module 'coupon'");
	}

}
