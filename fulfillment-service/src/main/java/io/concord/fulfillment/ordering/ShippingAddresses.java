package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.concord.fulfillment.encryption.FieldEncryption;
import io.concord.fulfillment.encryption.SealedColumn;
import io.concord.fulfillment.supply.Dropship;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shopper's address on an order: sealed at rest (bound to its order), opened only for
 * the order's own views (its member, ops) and its parcels' labels. When the member is
 * erased (MemberErased), the name, phone, street and postal code give way to a marker on
 * every order with nothing left to deliver, and on its dropship purchase orders; region
 * and city stay for the KPIs and tax. An order still on its way keeps them until it is
 * delivered or cancelled: the erasure is applied in that transition, and the order job
 * catches an order that settled any other way (a rejected placement).
 */
@Component
class ShippingAddresses {

	static final SealedColumn COLUMN = new SealedColumn("customer_order", "order_id", "shipping_address",
			"customer-order.shipping-address");

	static final String ERASED = Dropship.ShipTo.ERASED;

	private static final List<String> PERSONAL = List.of("name", "phone", "line1", "postalCode");

	private static final String SETTLED = Arrays.stream(OrderStatus.values())
		.filter(OrderStatus::settled)
		.map((status) -> "'" + status.name() + "'")
		.collect(Collectors.joining(", ", "(", ")"));

	private final FieldEncryption encryption;

	private final Dropship dropship;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ShippingAddresses(FieldEncryption encryption, Dropship dropship, JdbcTemplate jdbc, JsonMapper json,
			PlatformTransactionManager transactions, Clock clock) {
		this.encryption = encryption;
		this.dropship = dropship;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	@Bean
	static SealedColumn orderShippingAddresses() {
		return COLUMN;
	}

	/** What to store for the order's address. */
	String seal(String orderId, JsonNode address) {
		return this.encryption.seal(this.json.writeValueAsString(address), COLUMN.contextOf(orderId));
	}

	/** The address in clear: for the order's views and its labels only. */
	JsonNode open(Orders.Order order) {
		return this.json.readTree(this.encryption.open(order.shippingAddress(), COLUMN.contextOf(order.orderId())));
	}

	/** A dropship parcel's label: the address, and nothing else about the shopper. */
	Dropship.ShipTo shipTo(Orders.Order order) {
		JsonNode address = open(order);
		return new Dropship.ShipTo(text(address, "name"), text(address, "phone"), text(address, "region"),
				text(address, "city"), text(address, "line1"), text(address, "postalCode"));
	}

	/**
	 * The member asked to be forgotten: remembered (for orders still on their way), and
	 * every settled order's address erased at once. Locks the member's orders, so an
	 * order settling meanwhile is either seen settled here or sees the erasure itself.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void memberErased(UUID memberId, Instant erasedAt) {
		this.jdbc.sql("""
				insert into member_erasure (member_id, erased_at, recorded_at) values (?, ?, ?)
				on conflict (member_id) do nothing""")
			.params(memberId, Timestamp.from(erasedAt), Timestamp.from(this.clock.instant()))
			.update();
		this.jdbc
			.sql("select order_id, status from customer_order where member_id = ? and address_erased_at is null "
					+ "order by order_id for update")
			.params(memberId)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list()
			.stream()
			.filter((row) -> OrderStatus.valueOf(row[1]).settled())
			.forEach((row) -> erase(row[0]));
	}

	/**
	 * The locked order just moved to {@code to}: once settled, an erased member's address
	 * goes in the same transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void moved(String orderId, UUID memberId, OrderStatus to) {
		if (to.settled() && this.jdbc.sql("select count(*) from member_erasure where member_id = ?")
			.params(memberId)
			.query(Integer.class)
			.single() > 0) {
			erase(orderId);
		}
	}

	/**
	 * Erases what the transitions did not: settled orders of erased members that still
	 * have an address (a placement rejected after the erasure). Returns how many.
	 */
	int eraseSettled(int limit) {
		List<String> due = this.jdbc.sql("""
				select o.order_id from customer_order o join member_erasure e on e.member_id = o.member_id
				where o.address_erased_at is null and o.status in %s order by o.order_id limit ?""".formatted(SETTLED))
			.params(limit)
			.query(String.class)
			.list();
		int erased = 0;
		for (String orderId : due) {
			Integer done = this.transaction.execute((status) -> {
				boolean stillDue = this.jdbc
					.sql("select order_id from customer_order where order_id = ? and address_erased_at is null "
							+ "and status in %s for update".formatted(SETTLED))
					.params(orderId)
					.query(String.class)
					.optional()
					.isPresent();
				if (stillDue) {
					erase(orderId);
				}
				return stillDue ? 1 : 0;
			});
			erased += (done != null) ? done : 0;
		}
		return erased;
	}

	// On a locked order.
	private void erase(String orderId) {
		String context = COLUMN.contextOf(orderId);
		String sealed = this.jdbc
			.sql("select shipping_address from customer_order where order_id = ? and address_erased_at is null")
			.params(orderId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (sealed == null) {
			return;
		}
		JsonNode stored = this.json.readTree(this.encryption.open(sealed, context));
		ObjectNode address = (stored instanceof ObjectNode object) ? object : this.json.createObjectNode();
		for (String field : PERSONAL) {
			if (address.hasNonNull(field)) {
				address.put(field, ERASED);
			}
		}
		this.jdbc.sql("update customer_order set shipping_address = ?, address_erased_at = ? where order_id = ?")
			.params(this.encryption.seal(this.json.writeValueAsString(address), context),
					Timestamp.from(this.clock.instant()), orderId)
			.update();
		this.dropship.eraseShipTo(orderId);
	}

	private static @Nullable String text(JsonNode address, String field) {
		return address.hasNonNull(field) ? address.get(field).asString() : null;
	}

}
