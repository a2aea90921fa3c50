package io.concord.forecasting;

import org.jspecify.annotations.Nullable;

/**
 * A named series; {@code promoted} flags promoted periods (sales history files carry
 * them, possibly beyond the last value for planned promotions), null when unknown.
 */
public record Series(String id, double[] values, boolean @Nullable [] promoted) {

	public Series(String id, double[] values) {
		this(id, values, null);
	}

}
