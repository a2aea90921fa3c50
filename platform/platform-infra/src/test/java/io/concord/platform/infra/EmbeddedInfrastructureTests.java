package io.concord.platform.infra;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureTests {

	@TempDir
	Path data;

	@Test
	void postgresKeepsDataAcrossRestartUnlessFresh() throws Exception {
		Path directory = this.data.resolve("pg");
		try (PostgresServer postgres = PostgresServer.start(directory, 0, true)) {
			postgres.ensureDatabase("concord_demo");
			postgres.ensureDatabase("concord_demo");
			try (Connection connection = connect(postgres)) {
				connection.createStatement().execute("create table kept(id int)");
				connection.createStatement().execute("insert into kept values (42)");
			}
		}
		try (PostgresServer postgres = PostgresServer.start(directory, 0, false);
				Connection connection = connect(postgres);
				ResultSet rows = connection.createStatement().executeQuery("select id from kept")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getInt(1)).isEqualTo(42);
		}
		try (PostgresServer postgres = PostgresServer.start(directory, 0, true);
				Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres",
						"postgres");
				ResultSet rows = connection.createStatement()
					.executeQuery("select count(*) from pg_database where datname = 'concord_demo'")) {
			rows.next();
			assertThat(rows.getInt(1)).as("--fresh wipes the data").isZero();
		}
	}

	@Test
	void kafkaKeepsRecordsAcrossRestartOnTheSamePort() {
		try (KafkaServer kafka = KafkaServer.start(this.data.resolve("kafka"), 0, true)) {
			int port = kafka.port();
			send(kafka, "before-restart");
			kafka.stop();
			assertThat(kafka.isRunning()).isFalse();
			kafka.start();
			assertThat(kafka.port()).isEqualTo(port);
			send(kafka, "after-restart");
			assertThat(readAll(kafka)).containsExactly("before-restart", "after-restart");
		}
	}

	private static Connection connect(PostgresServer postgres) throws Exception {
		return DriverManager.getConnection(postgres.jdbcUrl("concord_demo"), postgres.username(), postgres.password());
	}

	private static void send(KafkaServer kafka, String value) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.ACKS_CONFIG,
				"all");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>("infra.check", "key", value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> readAll(KafkaServer kafka) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, "infra-check", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of("infra.check"));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (values.size() < 2 && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					values.add(record.value());
				}
			}
		}
		return values;
	}

}
