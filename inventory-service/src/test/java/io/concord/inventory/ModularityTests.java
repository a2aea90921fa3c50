package io.concord.inventory;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		ApplicationModules.of(InventoryServiceApplication.class).verify();
	}

}
