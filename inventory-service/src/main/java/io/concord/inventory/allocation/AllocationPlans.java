package io.concord.inventory.allocation;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.concord.inventory.catalog.Catalog;
import io.concord.inventory.demand.DemandForecasts;
import io.concord.inventory.demand.DemandSettings;
import io.concord.inventory.demand.SalesHistory;
import io.concord.inventory.reservation.RingFences;
import io.concord.inventory.stock.StockLedger;
import io.concord.inventory.stock.StockTransfers;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pre-sale allocation plans. For each SKU, the forecast demand of each location over the
 * campaign's days sets its share of the SKU's available units (on hand − reserved −
 * safety stock); units move from locations above their share to those below it, largest
 * gaps first. Then {@code fencePercent} of what stays free is fenced per channel in
 * proportion to the channel's orders of the SKU over the last 90 days (when it sells in
 * two channels or more), tied to the campaign so the fences follow its window. Approval
 * ships every transfer and creates every fence in one transaction: if stock moved since
 * the plan was made, nothing happens and ops propose again.
 */
@Component
class AllocationPlans {

	/** A plan's states, stored by name: ops decide a proposal once, either way. */
	enum Status {

		PROPOSED, APPROVED, REJECTED;

		boolean canMoveTo(Status next) {
			return this == PROPOSED && next != PROPOSED;
		}

	}

	record Target(String sku, String location, @Nullable String region, double forecast, int available, int target) {
	}

	record Move(String sku, String from, String to, int quantity, @Nullable Long transferId) {
	}

	record ChannelFence(String sku, String channel, double share, int quantity, @Nullable Long fenceId) {
	}

	record Plan(long id, String campaignId, LocalDate windowStart, LocalDate windowEnd, BigDecimal fencePercent,
			String status, String createdBy, Instant createdAt, @Nullable String decidedBy, @Nullable Instant decidedAt,
			List<Target> targets, List<Move> transfers, List<ChannelFence> fences) {
	}

	private final JdbcClient jdbc;

	private final DemandForecasts forecasts;

	private final SalesHistory history;

	private final StockLedger ledger;

	private final StockTransfers transfers;

	private final RingFences fences;

	private final Catalog catalog;

	private final ZoneId zone;

	private final Clock clock;

	AllocationPlans(JdbcTemplate jdbc, DemandForecasts forecasts, SalesHistory history, StockLedger ledger,
			StockTransfers transfers, RingFences fences, Catalog catalog, DemandSettings settings, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.catalog = catalog;
		this.forecasts = forecasts;
		this.history = history;
		this.ledger = ledger;
		this.transfers = transfers;
		this.fences = fences;
		this.zone = settings.zone();
		this.clock = clock;
	}

	@Transactional
	Plan propose(String campaignId, @Nullable List<String> skus, BigDecimal fencePercent, String actor) {
		RingFences.CampaignWindow window = this.fences.campaignWindow(campaignId)
			.orElseThrow(() -> new ProblemException.NotFound("Campaign", campaignId));
		Instant now = this.clock.instant();
		if (!window.endsAt().isAfter(now)) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("campaign-over"), "Campaign over",
					"Campaign " + campaignId + " has ended; there is nothing to allocate for");
		}
		LocalDate start = LocalDate.ofInstant(window.startsAt(), this.zone);
		LocalDate end = LocalDate.ofInstant(window.endsAt().minusNanos(1), this.zone);
		List<String> scope = (skus != null && !skus.isEmpty()) ? skus
				: this.forecasts.forecastedSeries().stream().map((s) -> s[0]).distinct().toList();
		long id = this.jdbc.sql("""
				insert into allocation_plan (campaign_id, window_start, window_end, fence_percent, status, created_by,
				  created_at)
				values (?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(campaignId, Date.valueOf(start), Date.valueOf(end), fencePercent, Status.PROPOSED.name(), actor,
					Timestamp.from(now))
			.query(Long.class)
			.single();
		for (String sku : scope) {
			planSku(id, sku, start, end, fencePercent);
		}
		return find(id);
	}

	/**
	 * One SKU's part of a plan: targets per location in proportion to forecast demand,
	 * the moves that reach them, then fences per channel on what stays free.
	 */
	private void planSku(long planId, String sku, LocalDate start, LocalDate end, BigDecimal fencePercent) {
		Picture picture = picture(sku, start, end);
		double totalDemand = picture.demand().values().stream().mapToDouble(Double::doubleValue).sum();
		int totalAvailable = picture.available().values().stream().mapToInt(Integer::intValue).sum();
		if (totalDemand <= 0 || totalAvailable == 0) {
			return;
		}
		int moved = planMoves(planId, sku, picture, apportion(totalAvailable, picture.demand()));
		// Units in transit cannot be fenced until they arrive: fence what stays free.
		planFences(planId, sku,
				BigDecimal.valueOf(totalAvailable - moved)
					.multiply(fencePercent)
					.divide(BigDecimal.valueOf(100), 0, java.math.RoundingMode.DOWN)
					.intValueExact());
	}

	/**
	 * Per stocking location (not dropship) of the SKU: the demand forecast over the
	 * window (0 when none), free units and region.
	 */
	private record Picture(Map<String, Double> demand, Map<String, Integer> available,
			Map<String, @Nullable String> regions) {
	}

	private Picture picture(String sku, LocalDate start, LocalDate end) {
		Map<String, Double> demand = new LinkedHashMap<>();
		for (DemandForecasts.SeriesForecast forecast : this.forecasts.forSku(sku)) {
			demand.put(forecast.location(), windowDemand(forecast, start, end));
		}
		Map<String, @Nullable String> regions = new LinkedHashMap<>();
		Map<String, Integer> available = new LinkedHashMap<>();
		Map<String, Catalog.Location> locations = this.catalog.locations();
		for (StockLedger.Level level : this.ledger.levels(sku)) {
			Catalog.Location location = locations.get(level.location());
			if (location == null || location.dropship()) {
				continue;
			}
			available.put(level.location(), Math.max(0, level.onHand() - level.reserved() - level.safetyStock()));
			regions.put(level.location(), location.region());
			demand.putIfAbsent(level.location(), 0.0);
		}
		return new Picture(demand, available, regions);
	}

	/** Stores the targets and the moves that reach them; answers the units moved. */
	private int planMoves(long planId, String sku, Picture picture, Map<String, Integer> targets) {
		for (String location : targets.keySet()) {
			this.jdbc
				.sql("""
						insert into allocation_plan_target (plan_id, sku, location_code, region, forecast, available, target)
						values (?, ?, ?, ?, ?, ?, ?)""")
				.params(planId, sku, location, picture.regions().get(location), picture.demand().get(location),
						picture.available().getOrDefault(location, 0), targets.get(location))
				.update();
		}
		int moved = 0;
		for (Move move : moves(sku, picture.available(), targets)) {
			this.jdbc.sql("""
					insert into allocation_plan_transfer (plan_id, sku, from_location, to_location, quantity)
					values (?, ?, ?, ?, ?)""").params(planId, sku, move.from(), move.to(), move.quantity()).update();
			moved += move.quantity();
		}
		return moved;
	}

	/**
	 * Fences {@code fenceable} units per channel in proportion to its orders of the SKU
	 * over the last 90 days, when it sells in two channels or more.
	 */
	private void planFences(long planId, String sku, int fenceable) {
		Map<String, Long> byChannel = this.history.unitsByChannel(sku, this.forecasts.today().minusDays(90));
		long channelUnits = byChannel.values().stream().mapToLong(Long::longValue).sum();
		if (byChannel.size() < 2 || channelUnits == 0) {
			return;
		}
		for (Map.Entry<String, Long> channel : byChannel.entrySet()) {
			double share = (double) channel.getValue() / channelUnits;
			int quantity = (int) Math.floor(fenceable * share);
			if (quantity > 0) {
				this.jdbc.sql("""
						insert into allocation_plan_fence (plan_id, sku, channel, share, quantity)
						values (?, ?, ?, ?, ?)""").params(planId, sku, channel.getKey(), share, quantity).update();
			}
		}
	}

	/** The forecast over the window's days; days past the horizon repeat its last day. */
	private static double windowDemand(DemandForecasts.SeriesForecast forecast, LocalDate start, LocalDate end) {
		if (forecast.days().isEmpty()) {
			return 0;
		}
		Map<LocalDate, Double> byDay = new LinkedHashMap<>();
		forecast.days().forEach((day) -> byDay.put(day.day(), day.mean()));
		double last = forecast.days().get(forecast.days().size() - 1).mean();
		double sum = 0;
		for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
			sum += byDay.getOrDefault(day, day.isBefore(forecast.days().get(0).day()) ? 0 : last);
		}
		return sum;
	}

	/**
	 * Splits {@code units} in proportion to demand, rounding down and handing the rest to
	 * the largest remainders (ties to the first), so the shares add up exactly.
	 */
	static Map<String, Integer> apportion(int units, Map<String, Double> demand) {
		double total = demand.values().stream().mapToDouble(Double::doubleValue).sum();
		Map<String, Integer> shares = new LinkedHashMap<>();
		Map<String, Double> remainders = new LinkedHashMap<>();
		int given = 0;
		for (Map.Entry<String, Double> entry : demand.entrySet()) {
			double exact = units * entry.getValue() / total;
			int share = (int) Math.floor(exact);
			shares.put(entry.getKey(), share);
			remainders.put(entry.getKey(), exact - share);
			given += share;
		}
		List<String> byRemainder = new ArrayList<>(remainders.keySet());
		byRemainder.sort(Comparator.comparing(remainders::get).reversed());
		for (int i = 0; i < units - given; i++) {
			shares.merge(byRemainder.get(i % byRemainder.size()), 1, Integer::sum);
		}
		return shares;
	}

	/** Surplus to deficit, the largest of each first, until every target is met. */
	static List<Move> moves(String sku, Map<String, Integer> available, Map<String, Integer> targets) {
		Map<String, Integer> surplus = new LinkedHashMap<>();
		Map<String, Integer> deficit = new LinkedHashMap<>();
		targets.forEach((location, target) -> {
			int difference = available.getOrDefault(location, 0) - target;
			if (difference > 0) {
				surplus.put(location, difference);
			}
			else if (difference < 0) {
				deficit.put(location, -difference);
			}
		});
		List<Move> moves = new ArrayList<>();
		while (!surplus.isEmpty() && !deficit.isEmpty()) {
			String from = largest(surplus);
			String to = largest(deficit);
			int quantity = Math.min(surplus.get(from), deficit.get(to));
			moves.add(new Move(sku, from, to, quantity, null));
			reduce(surplus, from, quantity);
			reduce(deficit, to, quantity);
		}
		return moves;
	}

	private static String largest(Map<String, Integer> amounts) {
		return amounts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
	}

	private static void reduce(Map<String, Integer> amounts, String key, int by) {
		int left = amounts.get(key) - by;
		if (left == 0) {
			amounts.remove(key);
		}
		else {
			amounts.put(key, left);
		}
	}

	@Transactional
	Plan approve(long id, String actor) {
		Plan plan = decide(id, Status.APPROVED, actor);
		for (Move move : plan.transfers()) {
			StockTransfers.Transfer transfer = this.transfers.ship(move.sku(), move.from(), move.to(), move.quantity(),
					"allocation-plan:" + id, actor);
			this.jdbc.sql("""
					update allocation_plan_transfer set transfer_id = ?
					where plan_id = ? and sku = ? and from_location = ? and to_location = ?""")
				.params(transfer.id(), id, move.sku(), move.from(), move.to())
				.update();
		}
		for (ChannelFence fence : plan.fences()) {
			RingFences.Fence created = this.fences.create(fence.sku(), fence.channel(), fence.quantity(), null,
					plan.campaignId(), null, null, actor);
			this.jdbc.sql("update allocation_plan_fence set fence_id = ? where plan_id = ? and sku = ? and channel = ?")
				.params(created.id(), id, fence.sku(), fence.channel())
				.update();
		}
		return find(id);
	}

	@Transactional
	Plan reject(long id, String actor) {
		decide(id, Status.REJECTED, actor);
		return find(id);
	}

	private Plan decide(long id, Status status, String actor) {
		if (!Status.PROPOSED.canMoveTo(status)) {
			throw new IllegalStateException("A plan cannot move from PROPOSED to " + status);
		}
		int decided = this.jdbc.sql("""
				update allocation_plan set status = ?, decided_by = ?, decided_at = ?
				where id = ? and status = ?""")
			.params(status.name(), actor, Timestamp.from(this.clock.instant()), id, Status.PROPOSED.name())
			.update();
		Plan plan = find(id);
		if (decided == 0) {
			throw new ProblemException.Conflict(ProblemTypes.of("allocation-plan-decided"), "Plan already decided",
					"Allocation plan " + id + " is " + plan.status());
		}
		return plan;
	}

	Plan find(long id) {
		List<Target> targets = this.jdbc.sql("""
				select * from allocation_plan_target where plan_id = ? order by sku, location_code""")
			.param(id)
			.query((rs, n) -> new Target(rs.getString("sku"), rs.getString("location_code"), rs.getString("region"),
					rs.getDouble("forecast"), rs.getInt("available"), rs.getInt("target")))
			.list();
		List<Move> moves = this.jdbc.sql("""
				select * from allocation_plan_transfer where plan_id = ? order by sku, from_location, to_location""")
			.param(id)
			.query((rs, n) -> new Move(rs.getString("sku"), rs.getString("from_location"), rs.getString("to_location"),
					rs.getInt("quantity"), (Long) rs.getObject("transfer_id")))
			.list();
		List<ChannelFence> channelFences = this.jdbc.sql("""
				select * from allocation_plan_fence where plan_id = ? order by sku, channel""")
			.param(id)
			.query((rs, n) -> new ChannelFence(rs.getString("sku"), rs.getString("channel"), rs.getDouble("share"),
					rs.getInt("quantity"), (Long) rs.getObject("fence_id")))
			.list();
		return this.jdbc.sql("select * from allocation_plan where id = ?")
			.param(id)
			.query((rs, n) -> new Plan(id, rs.getString("campaign_id"), rs.getDate("window_start").toLocalDate(),
					rs.getDate("window_end").toLocalDate(), rs.getBigDecimal("fence_percent"), rs.getString("status"),
					rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), rs.getString("decided_by"),
					(rs.getTimestamp("decided_at") != null) ? rs.getTimestamp("decided_at").toInstant() : null, targets,
					moves, channelFences))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Allocation plan", id));
	}

	List<Plan> forCampaign(String campaignId) {
		return this.jdbc.sql("select id from allocation_plan where campaign_id = ? order by id desc")
			.param(campaignId)
			.query(Long.class)
			.list()
			.stream()
			.map(this::find)
			.toList();
	}

}
