package io.concord.fulfillment.shipping;

import org.springframework.modulith.NamedInterface;

/**
 * Where a parcel leaves from: one of our locations, where its stock was reserved, or a
 * supplier that ships it to the shopper itself (dropship). Stored in
 * {@code shipment.source} as the location code or {@code SUPPLIER:<supplier id>}; only
 * this type reads and writes that form.
 */
@NamedInterface("events")
public sealed interface Source {

	/** Stock that was not reserved anywhere: ops pick it wherever they find it. */
	Source UNALLOCATED = new Location("UNALLOCATED");

	/** The stored form. */
	String stored();

	/** Whether the supplier ships it (dropship) rather than one of our locations. */
	default boolean dropship() {
		return this instanceof Supplier;
	}

	static Source location(String location) {
		return new Location(location);
	}

	static Source supplier(String supplierId) {
		return new Supplier(supplierId);
	}

	/** Reads the stored form. */
	static Source of(String stored) {
		return stored.startsWith(Supplier.PREFIX) ? new Supplier(stored.substring(Supplier.PREFIX.length()))
				: new Location(stored);
	}

	/** One of our locations (a warehouse or store). */
	@NamedInterface("events")
	record Location(String code) implements Source {

		public Location {
			if (code.startsWith(Supplier.PREFIX)) {
				throw new IllegalArgumentException("Not a location: " + code);
			}
		}

		@Override
		public String stored() {
			return this.code;
		}

	}

	/** A supplier shipping straight to the shopper. */
	@NamedInterface("events")
	record Supplier(String supplierId) implements Source {

		static final String PREFIX = "SUPPLIER:";

		@Override
		public String stored() {
			return PREFIX + this.supplierId;
		}

	}

}
