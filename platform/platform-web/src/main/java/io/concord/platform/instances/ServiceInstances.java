package io.concord.platform.instances;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * This running instance of the service, heartbeating in the service's database. Work an
 * instance claims (an in-flight {@code Idempotency-Key}, rows a job works on) names the
 * instance as its owner; anyone may take it over once the owner has not beaten for
 * {@code concord.instances.stale-after} (default 5 s): a crashed instance's work resumes
 * within seconds of a retry, while a live one is never interrupted. Heartbeats compare
 * the database's own clock, so instances with skewed clocks agree.
 */
public final class ServiceInstances {

	private static final Logger log = LoggerFactory.getLogger(ServiceInstances.class);

	private final UUID id = UUID.randomUUID();

	private final JdbcTemplate jdbc;

	private final Duration staleAfter;

	private volatile boolean registered;

	public ServiceInstances(JdbcTemplate jdbc, Duration staleAfter) {
		this.jdbc = jdbc;
		this.staleAfter = staleAfter;
	}

	/** This instance's id, the owner of what it claims. */
	public UUID id() {
		return this.id;
	}

	/**
	 * A SQL condition true when the instance in {@code ownerColumn} is gone (or none is
	 * named): its claims may be taken over.
	 */
	public String ownerGone(String ownerColumn) {
		return "(" + ownerColumn + " is null or not exists (select 1 from service_instance i where i.id = "
				+ ownerColumn + " and i.heartbeat_at > now() - interval '" + this.staleAfter.toMillis()
				+ " milliseconds'))";
	}

	@Scheduled(fixedRateString = "${concord.instances.heartbeat-interval:1s}")
	void heartbeat() {
		try {
			if (!this.registered) {
				this.jdbc.update("""
						insert into service_instance (id, started_at, heartbeat_at) values (?, now(), now())
						on conflict (id) do update set heartbeat_at = now()""", this.id);
				this.registered = true;
				log.info("Instance {} registered", this.id);
			}
			else if (this.jdbc.update("update service_instance set heartbeat_at = now() where id = ?", this.id) == 0) {
				// Removed as long gone (a pause longer than the retention): register
				// again.
				this.registered = false;
				heartbeat();
			}
		}
		catch (RuntimeException ex) {
			// The database is away: others will see this instance as gone and may take
			// over
			// its claims, which is why effects re-check their claim before they commit.
			log.warn("Heartbeat of instance {} failed: {}", this.id, ex.toString());
		}
	}

	@Scheduled(fixedDelayString = "${concord.instances.purge-interval:PT10M}")
	void forgetLongGone() {
		try {
			this.jdbc.update("delete from service_instance where heartbeat_at < now() - interval '1 day'");
		}
		catch (RuntimeException ex) {
			log.debug("Could not purge old instances: {}", ex.toString());
		}
	}

}
