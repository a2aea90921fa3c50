/**
 * The peak board: orders and GMV per second by channel, payment success, fulfilment at
 * risk, supply-caused cancellations, dead letters and the latest orders, live through
 * server-sent events.
 */
@NullMarked
package io.concord.console.board;

import org.jspecify.annotations.NullMarked;
