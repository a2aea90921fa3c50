/**
 * gateway: routes, and (as the gateway issue lands) authentication, limits and
 * resilience.
 */
@NullMarked
package io.concord.gateway;

import org.jspecify.annotations.NullMarked;
