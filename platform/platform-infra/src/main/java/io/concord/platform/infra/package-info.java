/**
 * Real infrastructure started in-process: PostgreSQL from embedded binaries and a Kafka
 * broker in KRaft mode. Used by the tests and by the local stack; never by a deployed
 * service.
 */
package io.concord.platform.infra;
