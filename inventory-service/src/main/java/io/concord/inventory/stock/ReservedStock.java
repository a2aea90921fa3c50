package io.concord.inventory.stock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reserved units of each stock row, for the reservation package: it decides who gets
 * what, this class is where that lands in {@code stock_level}, so stock is the only
 * writer of it. Reserving is the peak path: one locking read and one batched update per
 * batch of reservations, whatever its size.
 */
@Component
public class ReservedStock {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	ReservedStock(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
		this.template = jdbc;
	}

	/**
	 * Free units (on hand less reserved and safety stock, never below 0) per SKU and
	 * location, SKUs and locations in order. With {@code lock} the rows stay locked until
	 * the transaction ends, taken in (sku, location) order as every writer takes them.
	 */
	public Map<String, Map<String, Integer>> free(String[] skus, boolean lock) {
		Map<String, Map<String, Integer>> free = new TreeMap<>();
		this.jdbc.sql("""
				select sku, location_code, greatest(on_hand - reserved - safety_stock, 0) as free
				from stock_level where sku = any(?) order by sku, location_code""" + (lock ? " for update" : ""))
			.param(skus)
			.query((rs) -> {
				free.computeIfAbsent(rs.getString(1), (sku) -> new LinkedHashMap<>())
					.put(rs.getString(2), rs.getInt(3));
			});
		return free;
	}

	/**
	 * Adds reserved units, by SKU then location, one batched statement for all rows. The
	 * database refuses more reserved than on hand, so a wrong share cannot oversell.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void reserve(Map<String, Map<String, Integer>> units) {
		List<Object[]> rows = new ArrayList<>();
		units.forEach((sku, byLocation) -> byLocation
			.forEach((location, quantity) -> rows.add(new Object[] { quantity, sku, location })));
		this.template.batchUpdate("update stock_level set reserved = reserved + ? where sku = ? and location_code = ?",
				rows);
	}

	/** Reserved units become free again (a reservation released or expired). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void unreserve(String sku, String location, int quantity) {
		this.jdbc.sql("update stock_level set reserved = reserved - ? where sku = ? and location_code = ?")
			.params(quantity, sku, location)
			.update();
	}

}
