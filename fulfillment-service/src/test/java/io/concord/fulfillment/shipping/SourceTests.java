package io.concord.fulfillment.shipping;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A parcel's source and its stored form, which rows written before this type still use.
 */
class SourceTests {

	@Test
	void aLocationIsStoredAsItsCodeAndIsNoDropship() {
		Source source = Source.location("WH-SH");
		assertThat(source.stored()).isEqualTo("WH-SH");
		assertThat(source.dropship()).isFalse();
		assertThat(Source.of("WH-SH")).isEqualTo(source);
	}

	@Test
	void aSupplierIsStoredWithItsPrefixAndIsADropship() {
		Source source = Source.supplier("SUP-ACME");
		assertThat(source.stored()).isEqualTo("SUPPLIER:SUP-ACME");
		assertThat(source.dropship()).isTrue();
		assertThat(Source.of("SUPPLIER:SUP-ACME")).isEqualTo(source)
			.isInstanceOfSatisfying(Source.Supplier.class, (s) -> assertThat(s.supplierId()).isEqualTo("SUP-ACME"));
	}

	@Test
	void unallocatedStockIsALocationNamedSo() {
		assertThat(Source.UNALLOCATED.stored()).isEqualTo("UNALLOCATED");
		assertThat(Source.of("UNALLOCATED")).isEqualTo(Source.UNALLOCATED);
		assertThat(Source.UNALLOCATED.dropship()).isFalse();
	}

	@Test
	void aLocationCannotPassForASupplier() {
		assertThatIllegalArgumentException().isThrownBy(() -> Source.location("SUPPLIER:SUP-ACME"));
	}

}
