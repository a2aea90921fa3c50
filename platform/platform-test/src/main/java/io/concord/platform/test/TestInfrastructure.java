package io.concord.platform.test;

import io.concord.platform.infra.KafkaServer;
import io.concord.platform.infra.PostgresServer;

import org.springframework.boot.SpringApplication;

/**
 * The PostgreSQL and Kafka that every test in this JVM shares. Started on first use,
 * stopped when the JVM exits. {@code -Dinfra=testcontainers} runs the same tests on
 * Testcontainers where a Docker engine exists; the default is in-process embedded
 * servers.
 */
public abstract sealed class TestInfrastructure permits TestInfrastructure.Embedded, TestInfrastructure.Containers {

	private static TestInfrastructure instance;

	public static synchronized TestInfrastructure get() {
		if (instance == null) {
			instance = "testcontainers".equalsIgnoreCase(System.getProperty("infra", "embedded")) ? new Containers()
					: new Embedded();
			// Boot runs its shutdown handlers after every application context has closed:
			// the
			// databases must outlive the contexts, which still write while closing.
			SpringApplication.getShutdownHandlers().add(instance::stop);
		}
		return instance;
	}

	/** A JDBC URL for the named database, created on first use. */
	public abstract String jdbcUrl(String database);

	public abstract String username();

	public abstract String password();

	public abstract String kafkaBootstrapServers();

	/**
	 * Takes Kafka away (same port and data when it comes back), to test what happens when
	 * the broker is down. Only the embedded broker supports it.
	 */
	public abstract KafkaServer embeddedKafka();

	abstract void stop();

	static final class Embedded extends TestInfrastructure {

		private final PostgresServer postgres = PostgresServer.start(null, 0, true);

		private final KafkaServer kafka = KafkaServer.start(null, 0, true);

		@Override
		public String jdbcUrl(String database) {
			this.postgres.ensureDatabase(database);
			return this.postgres.jdbcUrl(database);
		}

		@Override
		public String username() {
			return this.postgres.username();
		}

		@Override
		public String password() {
			return this.postgres.password();
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.bootstrapServers();
		}

		@Override
		public KafkaServer embeddedKafka() {
			return this.kafka;
		}

		// PostgreSQL is a child process and must be stopped; the in-process broker ends
		// with the
		// JVM (stopping it here would make closing Spring contexts wait for a vanished
		// broker).
		@Override
		void stop() {
			this.postgres.close();
		}

	}

	static final class Containers extends TestInfrastructure {

		private final org.testcontainers.postgresql.PostgreSQLContainer postgres = new org.testcontainers.postgresql.PostgreSQLContainer(
				"postgres:17-alpine");

		private final org.testcontainers.kafka.KafkaContainer kafka = new org.testcontainers.kafka.KafkaContainer(
				"apache/kafka:4.1.2");

		Containers() {
			this.postgres.start();
			this.kafka.start();
		}

		@Override
		public String jdbcUrl(String database) {
			try (var connection = java.sql.DriverManager.getConnection(this.postgres.getJdbcUrl(), username(),
					password()); var statement = connection.createStatement()) {
				var exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'");
				if (!exists.next()) {
					statement.execute("create database " + database);
				}
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException(ex);
			}
			return "jdbc:postgresql://" + this.postgres.getHost() + ":" + this.postgres.getMappedPort(5432) + "/"
					+ database;
		}

		@Override
		public String username() {
			return this.postgres.getUsername();
		}

		@Override
		public String password() {
			return this.postgres.getPassword();
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.getBootstrapServers();
		}

		@Override
		public KafkaServer embeddedKafka() {
			throw new org.opentest4j.TestAbortedException("Stopping Kafka is tested on the embedded broker only");
		}

		@Override
		void stop() {
			this.kafka.stop();
			this.postgres.stop();
		}

	}

}
