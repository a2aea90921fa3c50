/** promotion-service: campaigns, coupons and prices. */
@NullMarked
package io.concord.promotion;

import org.jspecify.annotations.NullMarked;
