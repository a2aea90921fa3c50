/** Coupons; may use pricing. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "pricing")
package io.concord.platform.test.boundaries.shop.coupon;
