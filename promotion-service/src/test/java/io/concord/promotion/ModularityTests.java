package io.concord.promotion;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		ApplicationModules.of(PromotionServiceApplication.class).verify();
	}

}
