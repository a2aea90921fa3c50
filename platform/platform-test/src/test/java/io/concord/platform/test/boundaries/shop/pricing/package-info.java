/** Prices; uses nothing. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package io.concord.platform.test.boundaries.shop.pricing;
