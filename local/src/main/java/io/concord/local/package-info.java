/**
 * The local stack: embedded PostgreSQL and Kafka, the four services and the gateway as
 * their own processes, demo data, and the scripted demo journey.
 */
package io.concord.local;
