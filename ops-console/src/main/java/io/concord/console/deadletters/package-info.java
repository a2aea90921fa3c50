/**
 * Dead letters of each service (the platform's admin API under each service's admin
 * path): list them with their event type, error, attempts and time, show one with its
 * payload, and replay it (ops-manager; the API decides, the console shows the outcome).
 */
@NullMarked
package io.concord.console.deadletters;

import org.jspecify.annotations.NullMarked;
