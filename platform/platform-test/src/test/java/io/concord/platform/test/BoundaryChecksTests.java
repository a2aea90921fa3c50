package io.concord.platform.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;
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

	@Test
	void theDiagramShowsEachPackageAndWhatItUses(@TempDir Path docs) throws IOException {
		ApplicationModules shop = ApplicationModules.of("io.concord.platform.test.boundaries.shop", (location) -> true);
		String diagram = """
				```mermaid
				flowchart TD
				  campaign --> coupon
				  coupon --> pricing
				  pricing
				```
				""";
		assertThat(ModuleDiagrams.mermaid(shop)).isEqualTo(diagram);
		Path document = docs.resolve("ARCHITECTURE.md");
		Files.writeString(document,
				"# Shop\n<!-- modules:shop -->\n```mermaid\nflowchart TD\n  pricing\n```\n<!-- /modules:shop -->\nmore\n");
		assertThatThrownBy(() -> ModuleDiagrams.assertDocumented(shop, document, "shop"))
			.hasMessageContaining("campaign --> coupon");
		System.setProperty(ModuleDiagrams.UPDATE_PROPERTY, "true");
		try {
			ModuleDiagrams.assertDocumented(shop, document, "shop");
		}
		finally {
			System.clearProperty(ModuleDiagrams.UPDATE_PROPERTY);
		}
		assertThat(Files.readString(document))
			.isEqualTo("# Shop\n<!-- modules:shop -->\n" + diagram + "<!-- /modules:shop -->\nmore\n");
		ModuleDiagrams.assertDocumented(shop, document, "shop");
	}

}
