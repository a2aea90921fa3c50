/**
 * Pre-sale allocation: before a campaign, a plan that moves stock between locations and
 * fences it between channels in proportion to forecast demand; ops review it and approve
 * it, which ships the transfers and creates the fences.
 */
@NullMarked
package io.concord.inventory.allocation;

import org.jspecify.annotations.NullMarked;
