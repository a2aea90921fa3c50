/**
 * Pre-sale allocation: before a campaign, a plan that moves stock between locations and
 * fences it between channels in proportion to forecast demand; ops review it and approve
 * it, which ships the transfers (through {@code stock}) and creates the fences (through
 * {@code reservation}). Owns the {@code allocation_plan*} tables; nothing outside uses
 * it.
 */
@ApplicationModule(allowedDependencies = { "catalog", "demand", "reservation", "stock" })
@NullMarked
package io.concord.inventory.allocation;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
