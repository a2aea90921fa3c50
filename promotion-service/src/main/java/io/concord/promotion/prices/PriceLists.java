package io.concord.promotion.prices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The price lists: what a SKU sells for on a channel in a currency now, setting and
 * scheduling prices (checked against the SKU groups' consistency rules), cancelling a
 * change before it takes effect, and publishing PriceChanged once per entry when it takes
 * effect (PriceScheduled when a later one is scheduled, PriceScheduleCancelled when it is
 * withdrawn). Which entry applies and the reference price are {@link PriceResolution}'s.
 */
@Component
public class PriceLists {

	/**
	 * A SKU's price on a channel now. {@code channel} is where the price came from: the
	 * channel's own entry, or {@code ALL}.
	 */
	public record CurrentPrice(String sku, String channel, String currency, long listPriceMinor, long sellingPriceMinor,
			long referencePriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo) {
	}

	/** A price to set now ({@code effectiveFrom} null) or to schedule. */
	public record PriceCommand(String sku, String channel, String currency, long listPriceMinor, long sellingPriceMinor,
			@Nullable Instant effectiveFrom, @Nullable Instant effectiveTo, Source source, String reason) {
	}

	/** What set a price. */
	public enum Source {

		ADMIN, SCHEDULE, DYNAMIC, EXPIRY

	}

	/**
	 * A price entry written: its id, the price it sets, and whether a hard rule was
	 * overridden.
	 */
	public record PriceChange(UUID changeId, CurrentPrice price, @Nullable Long previousSellingPriceMinor,
			boolean overridden) {
	}

	/** The largest price accepted (as a cart's amounts). */
	static final long MAX_PRICE_MINOR = 1_000_000_000_00L;

	// A change a few seconds "in the past" is a clock skew, not a rewrite of history.
	private static final Duration PAST_TOLERANCE = Duration.ofMinutes(5);

	// Far enough for any schedule, near enough for every timestamp column and sum.
	private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

	private static final String COLUMNS = """
			id, sku, channel, currency, list_price_minor, selling_price_minor, effective_from, effective_to, source,
			reason, actor, overridden, created_at, cancelled_at, cancelled_by, cancel_reason, published_at""";

	private final JdbcClient jdbc;

	private final PriceGroups groups;

	private final PriceProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PriceLists(JdbcTemplate jdbc, PriceGroups groups, PriceProperties properties, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.groups = groups;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/** The SKU's price on the channel now: the channel's own entry beats ALL. */
	public Optional<CurrentPrice> current(String sku, String channel, String currency) {
		return Optional.ofNullable(current(List.of(sku), channel, currency).get(sku));
	}

	/** The prices of those SKUs that have one on the channel now, by SKU. */
	@Transactional(readOnly = true)
	public Map<String, CurrentPrice> current(Collection<String> skus, String channel, String currency) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		Instant now = this.clock.instant();
		Map<String, List<PriceEntry>> bySku = this.jdbc.sql("select " + COLUMNS + " " + """
				from price_entry where sku in (:skus) and currency = :currency and channel in (:channel, 'ALL')
				and cancelled_at is null and effective_from <= :now""")
			.param("skus", Set.copyOf(skus))
			.param("currency", currency)
			.param("channel", channel)
			.param("now", Timestamp.from(now))
			.query(PriceLists::entry)
			.list()
			.stream()
			.collect(Collectors.groupingBy(PriceEntry::sku));
		Map<String, CurrentPrice> prices = new LinkedHashMap<>();
		int days = this.properties.referenceDays(currency);
		bySku.forEach((sku, entries) -> PriceResolution.current(entries, sku, channel, currency, now, days)
			.ifPresent((price) -> prices.put(sku, price)));
		return prices;
	}

	/**
	 * Sets or schedules a price. A change that breaks a HARD rule of one of the SKU's
	 * groups is refused (409 {@code price-rule-violated}, listing the rule and the
	 * conflicting prices) unless {@code override} (the caller checked the role): then it
	 * is applied and audited. Broken SOFT rules are recorded as violations. Takes effect
	 * now (PriceChanged published with it) or at {@code effectiveFrom} (PriceScheduled
	 * published now, PriceChanged then).
	 */
	@Transactional
	public PriceChange set(PriceCommand command, String actor, boolean override) {
		Instant now = this.clock.instant();
		Instant from = (command.effectiveFrom() != null) ? command.effectiveFrom() : now;
		validate(command, from, now);
		// One change of a SKU at a time, so each is checked against the prices it will
		// stand with.
		this.jdbc.sql("select pg_advisory_xact_lock(hashtext('price:' || ?))")
			.params(command.sku())
			.query()
			.singleRow();
		PriceEntry entry = new PriceEntry(UUID.randomUUID(), command.sku(), command.channel(), command.currency(),
				command.listPriceMinor(), command.sellingPriceMinor(), from, command.effectiveTo(), command.source(),
				command.reason().strip(), actor, false, now, null, null, null, null);
		List<PriceEntry> entries = new ArrayList<>(entries(command.sku(), command.currency()));
		entries.add(entry);
		List<PriceRule.Conflict> conflicts = new ArrayList<>();
		for (PriceRule rule : this.groups.rulesFor(command.sku())) {
			rule.conflicts(entries, command.sku(), command.currency(), from)
				.stream()
				// A channel's change answers for its own price; an ALL change for every
				// channel's.
				.filter((c) -> PriceEntry.ALL.equals(command.channel()) || c.channel().equals(command.channel()))
				.forEach(conflicts::add);
		}
		List<PriceRule.Conflict> hard = conflicts.stream()
			.filter((c) -> c.severity() == PriceRule.Severity.HARD)
			.toList();
		if (!hard.isEmpty() && !override) {
			throw new ProblemException.Conflict(ProblemTypes.of("price-rule-violated"), "Price rule violated",
					"The change breaks " + hard.size() + " hard consistency rule(s) of the SKU's groups: "
							+ hard.stream()
								.map((c) -> c.kind() + " of group " + c.groupId() + " (" + c.channel() + " "
										+ c.channelPriceMinor() + " against ALL " + c.allChannelsPriceMinor() + ")")
								.toList()
							+ "; an ops-manager may apply it with override and a reason")
				.with("conflicts", hard);
		}
		boolean overridden = !hard.isEmpty();
		boolean effectiveNow = !from.isAfter(now);
		this.jdbc.sql("""
				insert into price_entry (id, sku, channel, currency, list_price_minor, selling_price_minor,
				  effective_from, effective_to, source, reason, actor, overridden, created_at, published_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(entry.id(), entry.sku(), entry.channel(), entry.currency(), entry.listPriceMinor(),
					entry.sellingPriceMinor(), Timestamp.from(from), timestamp(entry.effectiveTo()),
					entry.source().name(), entry.reason(), actor, overridden, Timestamp.from(now),
					effectiveNow ? Timestamp.from(now) : null)
			.update();
		if (overridden) {
			this.groups.auditOverrides(entry.id(), hard, actor, entry.reason(), now);
		}
		if (effectiveNow) {
			this.groups.reconcile(command.sku(), command.currency(), entries, now, "CHANGE", overridden);
		}
		else {
			this.groups.open(conflicts, overridden, "CHANGE", now);
		}
		PriceEvents.PriceChanged changed = changed(entries, entry, now);
		if (effectiveNow) {
			this.events.publishEvent(changed);
		}
		else {
			// Announced now so forecasts can plan with it; PriceChanged still follows
			// when it takes effect.
			this.events.publishEvent(new PriceEvents.PriceScheduled(EventMetadata.of(entry.sku(), nextVersion(), now),
					entry.id(), entry.sku(), entry.channel(), entry.currency(), entry.listPriceMinor(),
					entry.sellingPriceMinor(), from, entry.effectiveTo(), entry.source().name(), now));
		}
		CurrentPrice price = new CurrentPrice(entry.sku(), entry.channel(), entry.currency(), entry.listPriceMinor(),
				entry.sellingPriceMinor(), changed.referencePriceMinor(), from, entry.effectiveTo());
		return new PriceChange(entry.id(), price, changed.previousSellingPriceMinor(), overridden);
	}

	/** The SKU group ids the SKU belongs to. */
	public Set<String> groupsOf(String sku) {
		return this.groups.groupsOf(sku);
	}

	/**
	 * Cancels a change that has not taken effect yet (409 once it has, or was cancelled).
	 */
	@Transactional
	PriceEntry cancel(UUID id, String actor, String reason) {
		PriceEntry entry = this.jdbc.sql("select " + COLUMNS + " from price_entry where id = ? for update")
			.params(id)
			.query(PriceLists::entry)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Price entry", id));
		Instant now = this.clock.instant();
		if (entry.cancelled()) {
			throw new ProblemException.Conflict("Price entry " + id + " was cancelled already");
		}
		if (!entry.effectiveFrom().isAfter(now) || entry.publishedAt() != null) {
			throw new ProblemException.Conflict("Price entry " + id
					+ " took effect already; set a new price instead (the history keeps every price)");
		}
		this.jdbc.sql("""
				update price_entry set cancelled_at = ?, cancelled_by = ?, cancel_reason = ? where id = ?""")
			.params(Timestamp.from(now), actor, reason.strip(), id)
			.update();
		this.events
			.publishEvent(new PriceEvents.PriceScheduleCancelled(EventMetadata.of(entry.sku(), nextVersion(), now),
					entry.id(), entry.sku(), entry.channel(), entry.currency(), entry.listPriceMinor(),
					entry.sellingPriceMinor(), entry.effectiveFrom(), entry.effectiveTo(), now));
		return new PriceEntry(entry.id(), entry.sku(), entry.channel(), entry.currency(), entry.listPriceMinor(),
				entry.sellingPriceMinor(), entry.effectiveFrom(), entry.effectiveTo(), entry.source(), entry.reason(),
				entry.actor(), entry.overridden(), entry.createdAt(), now, actor, reason.strip(), null);
	}

	/** Every entry of the SKU, cancelled ones included, oldest first. */
	List<PriceEntry> history(String sku) {
		return this.jdbc
			.sql("select " + COLUMNS + " from price_entry where sku = ? order by effective_from, created_at")
			.params(sku)
			.query(PriceLists::entry)
			.list();
	}

	/** The SKU's prices now on every channel with an entry (and ALL), per currency. */
	List<CurrentPrice> currentByChannel(String sku) {
		Instant now = this.clock.instant();
		List<PriceEntry> all = history(sku).stream().filter((e) -> !e.cancelled()).toList();
		List<CurrentPrice> prices = new ArrayList<>();
		all.stream().map(PriceEntry::currency).distinct().sorted().forEach((currency) -> {
			List<PriceEntry> entries = all.stream().filter((e) -> e.currency().equals(currency)).toList();
			entries.stream()
				.map(PriceEntry::channel)
				.distinct()
				.sorted()
				.forEach((channel) -> PriceResolution
					.current(entries, sku, channel, currency, now, this.properties.referenceDays(currency))
					.filter((price) -> price.channel().equals(channel))
					.ifPresent(prices::add));
		});
		return prices;
	}

	/** Entries of the SKU not in effect yet and not cancelled. */
	List<PriceEntry> scheduled(String sku) {
		Instant now = this.clock.instant();
		return history(sku).stream().filter((e) -> !e.cancelled() && e.effectiveFrom().isAfter(now)).toList();
	}

	/** Entries of the SKU in a currency that are not cancelled, on every channel. */
	List<PriceEntry> entries(String sku, String currency) {
		return this.jdbc
			.sql("select " + COLUMNS + " from price_entry where sku = ? and currency = ? and cancelled_at is null")
			.params(sku, currency)
			.query(PriceLists::entry)
			.list();
	}

	/**
	 * Publishes PriceChanged for scheduled entries whose time came, once each: the rows
	 * are claimed with SKIP LOCKED and marked in the same transaction, so two instances
	 * never publish the same entry.
	 */
	@Transactional
	int publishDue(int limit) {
		Instant now = this.clock.instant();
		List<UUID> due = this.jdbc.sql("""
				select id from price_entry where published_at is null and cancelled_at is null and effective_from <= ?
				order by effective_from limit ? for update skip locked""")
			.params(Timestamp.from(now), limit)
			.query(UUID.class)
			.list();
		for (UUID id : due) {
			PriceEntry entry = find(id);
			List<PriceEntry> entries = entries(entry.sku(), entry.currency());
			this.events.publishEvent(changed(entries, entry, now));
			this.jdbc.sql("update price_entry set published_at = ? where id = ?")
				.params(Timestamp.from(now), id)
				.update();
			this.groups.reconcile(entry.sku(), entry.currency(), entries, now, "CHANGE", entry.overridden());
		}
		return due.size();
	}

	/**
	 * Entries whose window ended: PriceChanged (source EXPIRY) for the price that applies
	 * again on that channel, once each, claimed like {@link #publishDue}.
	 */
	@Transactional
	int publishExpired(int limit) {
		Instant now = this.clock.instant();
		List<UUID> ended = this.jdbc.sql("""
				select id from price_entry where expiry_published_at is null and cancelled_at is null
				  and published_at is not null and effective_to <= ?
				order by effective_to limit ? for update skip locked""")
			.params(Timestamp.from(now), limit)
			.query(UUID.class)
			.list();
		for (UUID id : ended) {
			PriceEntry expired = find(id);
			Instant end = expired.effectiveTo();
			List<PriceEntry> entries = entries(expired.sku(), expired.currency());
			PriceResolution.resolve(entries, expired.channel(), end).ifPresent((again) -> {
				int days = this.properties.referenceDays(expired.currency());
				long reference = PriceResolution.reference(entries, expired.channel(), end, days,
						again.sellingPriceMinor());
				this.events
					.publishEvent(new PriceEvents.PriceChanged(EventMetadata.of(expired.sku(), nextVersion(), now),
							UUID.nameUUIDFromBytes(("expiry:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
							expired.sku(), expired.channel(), expired.currency(), again.listPriceMinor(),
							again.sellingPriceMinor(), expired.sellingPriceMinor(), reference, end, again.effectiveTo(),
							Source.EXPIRY.name()));
			});
			this.jdbc.sql("update price_entry set expiry_published_at = ? where id = ?")
				.params(Timestamp.from(now), id)
				.update();
		}
		return ended.size();
	}

	private PriceEvents.PriceChanged changed(List<PriceEntry> entries, PriceEntry entry, Instant now) {
		Instant from = entry.effectiveFrom();
		List<PriceEntry> others = entries.stream().filter((e) -> !e.id().equals(entry.id())).toList();
		Long previous = PriceResolution.resolve(others, entry.channel(), from.minusNanos(1))
			.map(PriceEntry::sellingPriceMinor)
			.orElse(null);
		long reference = PriceResolution.reference(entries, entry.channel(), from,
				this.properties.referenceDays(entry.currency()), entry.sellingPriceMinor());
		return new PriceEvents.PriceChanged(EventMetadata.of(entry.sku(), nextVersion(), now), entry.id(), entry.sku(),
				entry.channel(), entry.currency(), entry.listPriceMinor(), entry.sellingPriceMinor(), previous,
				reference, from, entry.effectiveTo(), entry.source().name());
	}

	private long nextVersion() {
		return this.jdbc.sql("select nextval('price_event_version')").query(Long.class).single();
	}

	private PriceEntry find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from price_entry where id = ?")
			.params(id)
			.query(PriceLists::entry)
			.single();
	}

	private static void validate(PriceCommand command, Instant from, Instant now) {
		List<String> problems = new ArrayList<>();
		if (command.sku() == null || command.sku().isBlank() || command.sku().length() > 64) {
			problems.add("sku must be 1 to 64 characters");
		}
		if (command.channel() == null || !command.channel().matches("[A-Z][A-Z0-9_]{1,31}")) {
			problems.add("channel must be a channel name or ALL");
		}
		if (command.currency() == null || !command.currency().matches("[A-Z]{3}")) {
			problems.add("currency must be an ISO 4217 code");
		}
		if (command.listPriceMinor() < 0 || command.listPriceMinor() > MAX_PRICE_MINOR
				|| command.sellingPriceMinor() < 0 || command.sellingPriceMinor() > MAX_PRICE_MINOR) {
			problems.add("prices must be between 0 and " + MAX_PRICE_MINOR);
		}
		if (command.reason() == null || command.reason().isBlank() || command.reason().length() > 500) {
			problems.add("reason must be 1 to 500 characters");
		}
		if (from.isAfter(LATEST) || (command.effectiveTo() != null && command.effectiveTo().isAfter(LATEST))) {
			problems.add("effectiveFrom and effectiveTo must be before " + LATEST);
		}
		else if (from.isBefore(now.minus(PAST_TOLERANCE))) {
			problems.add("effectiveFrom is in the past: the history is never rewritten, set a price now instead");
		}
		if (command.effectiveTo() != null && !command.effectiveTo().isAfter(from)) {
			problems.add("effectiveTo must be after effectiveFrom");
		}
		if (!problems.isEmpty()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("invalid-price"), "Invalid price",
					String.join("; ", problems))
				.with("problems", problems);
		}
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static PriceEntry entry(ResultSet rs, int row) throws SQLException {
		return new PriceEntry(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getString("channel"),
				rs.getString("currency"), rs.getLong("list_price_minor"), rs.getLong("selling_price_minor"),
				rs.getTimestamp("effective_from").toInstant(), instant(rs, "effective_to"),
				Source.valueOf(rs.getString("source")), rs.getString("reason"), rs.getString("actor"),
				rs.getBoolean("overridden"), rs.getTimestamp("created_at").toInstant(), instant(rs, "cancelled_at"),
				rs.getString("cancelled_by"), rs.getString("cancel_reason"), instant(rs, "published_at"));
	}

}
