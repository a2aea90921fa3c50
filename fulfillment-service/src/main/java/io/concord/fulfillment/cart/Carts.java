package io.concord.fulfillment.cart;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The carts and their rules: what a cart may hold, how two carts merge (a guest's when
 * its shopper signs in, two members' when member-service merges them), and what checking
 * out removes. Every change bumps the cart's version, so a writer that read an older cart
 * can be refused ({@code If-Match}) instead of overwriting a change made on another
 * channel.
 */
@Component
public class Carts {

	/** Like an order: at most 100 lines of at most 999 units. */
	static final int MAX_LINES = 100;

	static final int MAX_QUANTITY = 999;

	/** A line of a cart: a SKU and how many. */
	public record Line(String sku, int quantity) {
	}

	/**
	 * A saved cart. {@code memberId} is null for a guest's cart.
	 */
	public record Cart(UUID cartId, @Nullable UUID memberId, List<Line> lines, @Nullable List<UUID> couponIds,
			long pointsToRedeem, long version, Instant updatedAt) {

		static Cart empty(@Nullable UUID memberId, Instant now) {
			return new Cart(UUID.randomUUID(), memberId, List.of(), null, 0, 0, now);
		}

	}

	/** What a shopper sets: the whole cart at once. */
	record Contents(List<Line> lines, @Nullable List<UUID> couponIds, long pointsToRedeem) {
	}

	private static final TypeReference<List<Line>> LINES = new TypeReference<>() {
	};

	private static final TypeReference<List<UUID>> COUPONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final Duration guestCartsKeptFor;

	Carts(JdbcTemplate jdbc, JsonMapper json, Clock clock,
			@Value("${concord.fulfillment.carts.guest-carts-kept-for:30d}") Duration guestCartsKeptFor) {
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.clock = clock;
		this.guestCartsKeptFor = guestCartsKeptFor;
	}

	/** The member's cart, if they have one. */
	public Optional<Cart> ofMember(UUID memberId) {
		return this.jdbc.sql("select * from cart where member_id = ?").params(memberId).query(this::cart).optional();
	}

	/**
	 * A checkout of the member's cart at {@code version} placed its order: the cart is
	 * emptied, unless it changed meanwhile (then what the shopper added stays).
	 */
	public void checkedOut(UUID memberId, long version) {
		this.jdbc.sql("delete from cart where member_id = ? and version = ?").params(memberId, version).update();
	}

	Optional<Cart> guest(UUID cartId) {
		return this.jdbc.sql("select * from cart where cart_id = ? and member_id is null")
			.params(cartId)
			.query(this::cart)
			.optional();
	}

	/**
	 * Replaces the member's cart (or creates it); refused with 412 when
	 * {@code expectedVersion} is given and the cart has moved on.
	 */
	@Transactional
	Cart replaceMembers(UUID memberId, Contents contents, @Nullable Long expectedVersion) {
		return save(lockMembers(memberId), contents, expectedVersion);
	}

	/**
	 * Replaces a guest's cart; an unknown or dropped guest cart starts again under a new
	 * id (the shopper reads it from the answer).
	 */
	@Transactional
	Cart replaceGuests(@Nullable UUID cartId, Contents contents, @Nullable Long expectedVersion) {
		Optional<Cart> existing = (cartId != null)
				? this.jdbc.sql("select * from cart where cart_id = ? and member_id is null for update")
					.params(cartId)
					.query(this::cart)
					.optional()
				: Optional.empty();
		if (!contents.couponIds().isEmpty() || contents.pointsToRedeem() > 0) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("sign-in-required"), "Sign in first",
					"Coupons and points belong to a member: sign in to use them in a cart.");
		}
		return save(existing.orElseGet(() -> Cart.empty(null, this.clock.instant())), contents, expectedVersion);
	}

	/** Empties the member's cart; answers whether there was one. */
	boolean clearMembers(UUID memberId) {
		return this.jdbc.sql("delete from cart where member_id = ?").params(memberId).update() > 0;
	}

	boolean clearGuests(UUID cartId) {
		return this.jdbc.sql("delete from cart where cart_id = ? and member_id is null").params(cartId).update() > 0;
	}

	/**
	 * A guest signed in: the guest cart's lines join the member's cart (quantities added,
	 * capped) and the guest cart is gone. Merging a guest cart that is already gone
	 * changes nothing, so a repeated sign-in is harmless.
	 */
	@Transactional
	Cart mergeGuestInto(UUID memberId, UUID guestCartId) {
		Cart member = lockMembers(memberId);
		Optional<Cart> guest = this.jdbc.sql("delete from cart where cart_id = ? and member_id is null returning *")
			.params(guestCartId)
			.query(this::cart)
			.optional();
		if (guest.isEmpty()) {
			return member;
		}
		return save(member, merged(member, guest.get()), null);
	}

	/**
	 * member-service merged two members: the merged member's cart joins the survivor's.
	 */
	@Transactional
	void membersMerged(UUID survivorId, UUID mergedId) {
		Optional<Cart> merged = this.jdbc.sql("delete from cart where member_id = ? returning *")
			.params(mergedId)
			.query(this::cart)
			.optional();
		if (merged.isEmpty()) {
			return;
		}
		Cart survivor = lockMembers(survivorId);
		save(survivor, merged(survivor, merged.get()), null);
	}

	/** Guest carts nobody touched for a while are dropped. */
	@Scheduled(fixedDelayString = "${concord.fulfillment.carts.purge-interval:1h}")
	int dropAbandonedGuestCarts() {
		return this.jdbc.sql("delete from cart where member_id is null and updated_at < ?")
			.params(Timestamp.from(this.clock.instant().minus(this.guestCartsKeptFor)))
			.update();
	}

	/**
	 * The rule for combining two carts: {@code into}'s lines first, quantities of the
	 * same SKU added (capped at 999), new SKUs while there is room; {@code into}'s
	 * coupons and points win, as the member chose them last.
	 */
	static Contents merged(Cart into, Cart from) {
		Map<String, Integer> quantities = new LinkedHashMap<>();
		into.lines().forEach((line) -> quantities.put(line.sku(), line.quantity()));
		for (Line line : from.lines()) {
			if (quantities.containsKey(line.sku())) {
				quantities.merge(line.sku(), line.quantity(), (a, b) -> Math.min(MAX_QUANTITY, a + b));
			}
			else if (quantities.size() < MAX_LINES) {
				quantities.put(line.sku(), line.quantity());
			}
		}
		List<Line> lines = new ArrayList<>();
		quantities.forEach((sku, quantity) -> lines.add(new Line(sku, quantity)));
		List<UUID> coupons = (into.couponIds() != null) ? into.couponIds() : from.couponIds();
		long points = (into.pointsToRedeem() > 0) ? into.pointsToRedeem() : from.pointsToRedeem();
		return new Contents(lines, (coupons != null) ? coupons : List.of(), points);
	}

	/** Lines as a shopper sent them: the same SKU twice is one line. */
	static List<Line> distinct(List<Line> lines) {
		Map<String, Integer> quantities = new LinkedHashMap<>();
		for (Line line : lines) {
			int total = quantities.merge(line.sku(), line.quantity(), Integer::sum);
			if (total > MAX_QUANTITY) {
				throw new ProblemException.Unprocessable(
						"At most " + MAX_QUANTITY + " units of " + line.sku() + " fit in a cart line.");
			}
		}
		List<Line> distinct = new ArrayList<>();
		quantities.forEach((sku, quantity) -> distinct.add(new Line(sku, quantity)));
		return distinct;
	}

	/**
	 * The member's cart, locked for this transaction; created empty (version 0) first if
	 * they have none, so two first writes from two channels still make one cart.
	 */
	private Cart lockMembers(UUID memberId) {
		this.jdbc.sql("""
				insert into cart (cart_id, member_id, lines, version, updated_at) values (?, ?, '[]', 0, ?)
				on conflict (member_id) do nothing""")
			.params(UUID.randomUUID(), memberId, Timestamp.from(this.clock.instant()))
			.update();
		return this.jdbc.sql("select * from cart where member_id = ? for update")
			.params(memberId)
			.query(this::cart)
			.single();
	}

	private Cart save(Cart current, Contents contents, @Nullable Long expectedVersion) {
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw new ProblemException(HttpStatus.PRECONDITION_FAILED, ProblemTypes.of("cart-changed"), "Cart changed",
					"The cart changed since version " + expectedVersion + " (now " + current.version()
							+ "), perhaps on another channel: read it again.")
				.with("version", current.version());
		}
		Instant now = this.clock.instant();
		long version = current.version() + 1;
		String lines = this.json.writeValueAsString(distinct(contents.lines()));
		String coupons = contents.couponIds().isEmpty() ? null : this.json.writeValueAsString(contents.couponIds());
		this.jdbc.sql("""
				insert into cart (cart_id, member_id, lines, coupon_ids, points_to_redeem, version, updated_at)
				values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)
				on conflict (cart_id) do update set lines = excluded.lines, coupon_ids = excluded.coupon_ids,
				  points_to_redeem = excluded.points_to_redeem, version = excluded.version,
				  updated_at = excluded.updated_at""")
			.params(current.cartId(), current.memberId(), lines, coupons, contents.pointsToRedeem(), version,
					Timestamp.from(now))
			.update();
		return new Cart(current.cartId(), current.memberId(), distinct(contents.lines()),
				contents.couponIds().isEmpty() ? null : contents.couponIds(), contents.pointsToRedeem(), version, now);
	}

	private Cart cart(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		String coupons = rs.getString("coupon_ids");
		return new Cart(rs.getObject("cart_id", UUID.class), rs.getObject("member_id", UUID.class),
				this.json.readValue(rs.getString("lines"), LINES),
				(coupons != null) ? this.json.readValue(coupons, COUPONS) : null, rs.getLong("points_to_redeem"),
				rs.getLong("version"), rs.getTimestamp("updated_at").toInstant());
	}

}
