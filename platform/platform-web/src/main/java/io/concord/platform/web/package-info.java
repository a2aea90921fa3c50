/**
 * Web conventions every Concord service shares: RFC 9457 problem details with stable type
 * URIs, {@code Idempotency-Key} for POST endpoints, request ids, and observability
 * defaults.
 */
@NullMarked
package io.concord.platform.web;

import org.jspecify.annotations.NullMarked;
