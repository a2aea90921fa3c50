/**
 * Group commit: many small requests that contend for the same rows served in batches, one
 * transaction per batch, with the outcome of each request given back after commit.
 */
@NullMarked
package io.concord.platform.transactions;

import org.jspecify.annotations.NullMarked;
