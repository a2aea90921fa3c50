package io.concord.platform.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the zonky embedded binaries. One server holds one
 * database per service, as a shared production cluster would.
 */
public final class PostgresServer implements AutoCloseable {

	private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

	private final Path dataDirectory;

	private volatile EmbeddedPostgres postgres;

	private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts a server.
	 * @param dataDirectory where the cluster lives; {@code null} for a throw-away one
	 * @param port the port, or 0 for any free port
	 * @param fresh whether to wipe an existing data directory first
	 */
	public static PostgresServer start(Path dataDirectory, int port, boolean fresh) {
		try {
			if (dataDirectory != null) {
				if (fresh) {
					Directories.deleteRecursively(dataDirectory);
				}
				Files.createDirectories(dataDirectory);
			}
			return new PostgresServer(launch(dataDirectory, port), dataDirectory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("PostgreSQL did not start: " + ex.getMessage(), ex);
		}
	}

	private static EmbeddedPostgres launch(Path dataDirectory, int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setServerConfig("max_connections", "400")
			.setServerConfig("fsync", dataDirectory == null ? "off" : "on")
			.setServerConfig("synchronous_commit", dataDirectory == null ? "off" : "on")
			.setPGStartupWait(java.time.Duration.ofSeconds(60))
			// The owner stops the server once its applications are closed; zonky's
			// own hook would
			// stop it while they still write (e.g. the event registry on shutdown).
			.setRegisterShutdownHook(false);
		if (port > 0) {
			builder.setPort(port);
		}
		if (dataDirectory != null) {
			// zonky's "clean" flag deletes the directory on close: the data must
			// outlive the server.
			builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
		}
		return builder.start();
	}

	/**
	 * Stops the server the way a power cut or {@code pg_ctl stop -m immediate} would
	 * (SIGQUIT to the postmaster: no checkpoint, connections dropped), to test what the
	 * applications do meanwhile; {@link #restartAfterCrash()} brings it back on the same
	 * port and data, through crash recovery.
	 */
	public synchronized void crash() {
		if (this.dataDirectory == null) {
			throw new IllegalStateException("Only a server with a data directory can crash and come back");
		}
		long pid;
		try {
			// The postmaster's pid is the first line of postmaster.pid (zonky starts it
			// through pg_ctl, which has exited).
			pid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("PostgreSQL's pid is unknown", ex);
		}
		try {
			Process kill = new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).inheritIO().start();
			if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("Could not signal PostgreSQL (pid " + pid + ")");
			}
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
			while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("PostgreSQL (pid " + pid + ") did not stop");
				}
				Thread.sleep(100); // a foreign process's exit: nothing to await but its
									// handle
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not signal PostgreSQL", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts a crashed server again on the same port and data. */
	public synchronized void restartAfterCrash() {
		if (this.dataDirectory == null) {
			throw new IllegalStateException("A throw-away server cannot come back after a crash");
		}
		int port = port();
		try {
			// Releases zonky's lock on the data directory (its pg_ctl stop finds no
			// server).
			this.postgres.close();
			this.postgres = launch(this.dataDirectory, port);
		}
		catch (IOException ex) {
			throw new IllegalStateException("PostgreSQL did not restart: " + ex.getMessage(), ex);
		}
	}

	public synchronized boolean isRunning() {
		try {
			return this.dataDirectory != null && Files.exists(this.dataDirectory.resolve("postmaster.pid"))
					&& ProcessHandle
						.of(Long
							.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim()))
						.map(ProcessHandle::isAlive)
						.orElse(false);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	public int port() {
		return this.postgres.getPort();
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + port() + "/" + database;
	}

	public String username() {
		return "postgres";
	}

	public String password() {
		return "postgres";
	}

	/**
	 * Creates the database unless it exists already; safe to call from several threads.
	 */
	public synchronized void ensureDatabase(String database) {
		if (!DATABASE_NAME.matcher(database).matches()) {
			throw new IllegalArgumentException("Not a plain database name: " + database);
		}
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection()) {
			try (PreparedStatement exists = connection
				.prepareStatement("select 1 from pg_database where datname = ?")) {
				exists.setString(1, database);
				try (ResultSet rows = exists.executeQuery()) {
					if (rows.next()) {
						return;
					}
				}
			}
			try (Statement create = connection.createStatement()) {
				create.execute("create database " + database);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + database, ex);
		}
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException("PostgreSQL did not stop cleanly", ex);
		}
	}

}
