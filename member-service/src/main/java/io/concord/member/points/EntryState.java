package io.concord.member.points;

/**
 * The state of a points entry, stored by name in {@code points_entry.state}. Points
 * earned on an order wait {@code PENDING} through the return window and then become
 * {@code AVAILABLE} ({@link PointsEarning#releaseMaturedPoints()}, the one transition);
 * every other entry is {@code AVAILABLE} from the start. The SQL keeps the names as
 * literals where partial indexes depend on them.
 */
enum EntryState {

	PENDING, AVAILABLE;

	/** An order's earned points: pending while the order can still be returned. */
	static EntryState ofEarned(boolean withinReturnWindow) {
		return withinReturnWindow ? PENDING : AVAILABLE;
	}

}
