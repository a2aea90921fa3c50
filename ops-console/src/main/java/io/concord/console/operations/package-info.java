/**
 * Operations: per service the outbox backlog, consumer lag, dead letters and HTTP traffic
 * (rates, errors, p95/p99 latency, load-test traffic apart) from each service's
 * {@code <admin base path>/operations}. Public face: {@link ServiceOperations} and
 * {@link ServiceFigures}, which the board reads too.
 */
@NullMarked
package io.concord.console.operations;

import org.jspecify.annotations.NullMarked;
