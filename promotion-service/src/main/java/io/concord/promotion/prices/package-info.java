/**
 * The price authority: channel price lists with validity windows (TEMPORARY stand-in on
 * feat/repricing, replaced by feat/prices-core at merge).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.concord.promotion.prices;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
