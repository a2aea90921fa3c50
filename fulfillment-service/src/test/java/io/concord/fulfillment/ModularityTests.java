package io.concord.fulfillment;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		ApplicationModules.of(FulfillmentServiceApplication.class).verify();
	}

}
