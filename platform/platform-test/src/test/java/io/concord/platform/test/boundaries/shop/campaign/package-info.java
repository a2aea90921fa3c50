/** Campaigns; declared to use pricing only, but its class below also uses coupon. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "pricing")
package io.concord.platform.test.boundaries.shop.campaign;
