package io.concord.fulfillment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * inventory-service's, promotion-service's and member-service's order-flow endpoints as
 * their contracts describe them (status codes, problem types, bodies), so the saga's
 * every branch can be driven from a test; the real services answer the same calls in the
 * system tests and the demo journey. Holds reservations and locks per order id like the
 * real ones (idempotent by order id), and records every call.
 */
public final class PartnerStub {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static PartnerStub instance;

	/**
	 * What calls for a SKU or coupon should meet: SHORT, DOWN, SPLIT (SKUs), INVALID
	 * (coupons).
	 */
	public final Map<String, String> refuse = new ConcurrentHashMap<>();

	public final List<String> calls = new CopyOnWriteArrayList<>();

	/**
	 * The calls that carried a load-test run ({@code X-Concord-Test-Run}), as
	 * {@code <call> [<run>]}.
	 */
	public final List<String> taggedCalls = new CopyOnWriteArrayList<>();

	/** Order id -> RESERVED / RELEASED / CONFIRMED. */
	public final Map<String, String> reservations = new ConcurrentHashMap<>();

	/** Order id -> LOCKED / RELEASED / REDEEMED. */
	public final Map<String, String> promotions = new ConcurrentHashMap<>();

	/**
	 * Order id -> the reservation request inventory-service got (channel, lines, ...).
	 */
	public final Map<String, JsonNode> reservationRequests = new ConcurrentHashMap<>();

	/** Order id -> the cart promotion-service got to lock (channel, lines, ...). */
	public final Map<String, JsonNode> lockedCarts = new ConcurrentHashMap<>();

	private final Map<String, JsonNode> quotes = new ConcurrentHashMap<>();

	/**
	 * Units inventory can promise per SKU for availability reads (100 when not listed).
	 */
	public final Map<String, Integer> available = new ConcurrentHashMap<>();

	/**
	 * promotion-service's price list (the price authority): a SKU listed here is quoted
	 * and locked at this unit price, whatever unit price fulfillment sends.
	 */
	public final Map<String, Long> priceList = new ConcurrentHashMap<>();

	/** The quotes asked for carts (memberId and cart), newest last. */
	public final List<JsonNode> quoteRequests = new CopyOnWriteArrayList<>();

	/**
	 * member-service's points: balance per member, as ops would have granted it (a member
	 * not listed has none).
	 */
	public final Map<String, Long> pointsBalances = new ConcurrentHashMap<>();

	/** Order id -> points debited for it (what is left of them to give back). */
	public final Map<String, Long> pointsRedeemed = new ConcurrentHashMap<>();

	/** Order id -> points given back for it so far. */
	public final Map<String, Long> pointsRestored = new ConcurrentHashMap<>();

	/** "orderId#returnId" (or "orderId#reversal") -> points given back, once each. */
	private final Map<String, Long> restorations = new ConcurrentHashMap<>();

	private final Map<String, String> pointsOwners = new ConcurrentHashMap<>();

	/** Orders closed to points by a reversal that found nothing. */
	private final Map<String, Boolean> pointsClosed = new ConcurrentHashMap<>();

	/** Set to make member-service answer 500 (an outage). */
	public volatile boolean memberDown;

	/**
	 * member-service's proven marketplace buyers: "namespace/buyer id" -> the member
	 * holding it (what {@code /internal/members/identities/resolve} answers; others 404).
	 */
	public final Map<String, String> marketplaceBuyers = new ConcurrentHashMap<>();

	private final HttpServer server;

	private PartnerStub() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.start();
	}

	public static synchronized PartnerStub get() {
		if (instance == null) {
			try {
				instance = new PartnerStub();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return instance;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * How often exactly this call was made, e.g.
	 * {@code POST /internal/inventory/reservations ORD-1}.
	 */
	public long count(String call) {
		return this.calls.stream().filter(call::equals).count();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		JsonNode body;
		try (InputStream in = exchange.getRequestBody()) {
			byte[] bytes = in.readAllBytes();
			body = (bytes.length > 0) ? JSON.readTree(bytes) : JSON.createObjectNode();
		}
		String call = exchange.getRequestMethod() + " " + path
				+ (body.has("orderId") ? " " + body.path("orderId").asString() : "");
		this.calls.add(call);
		String testRun = exchange.getRequestHeaders().getFirst("X-Concord-Test-Run");
		if (testRun != null) {
			this.taggedCalls.add(call + " [" + testRun + "]");
		}
		try {
			if (path.equals("/internal/inventory/reservations")) {
				reserve(exchange, body);
			}
			else if (path.startsWith("/internal/inventory/reservations/")) {
				String[] parts = path.split("/");
				String orderId = parts[4];
				String action = parts[5];
				if (!this.reservations.containsKey(orderId)) {
					respond(exchange, 404, problem("not-found", "No reservation for " + orderId));
					return;
				}
				this.reservations.put(orderId, action.equals("release") ? "RELEASED" : "CONFIRMED");
				respond(exchange, 200, JSON.createObjectNode().put("orderId", orderId));
			}
			else if (path.equals("/api/inventory/availability")) {
				availability(exchange, exchange.getRequestURI().getQuery());
			}
			else if (path.equals("/internal/promotions/quotes")) {
				quoteCart(exchange, body);
			}
			else if (path.equals("/internal/promotions/orders")) {
				lock(exchange, body);
			}
			else if (path.startsWith("/internal/promotions/orders/")) {
				String[] parts = path.split("/");
				String orderId = parts[4];
				String action = parts[5];
				if (!this.promotions.containsKey(orderId)) {
					respond(exchange, 404, problem("not-found", "No promotions for " + orderId));
					return;
				}
				if (action.equals("returns")) {
					respond(exchange, 200, refund(orderId, body));
					return;
				}
				this.promotions.put(orderId, action.equals("release") ? "RELEASED" : "REDEEMED");
				respond(exchange, 200, JSON.createObjectNode().put("orderId", orderId));
			}
			else if (path.startsWith("/internal/members/") && path.endsWith("/points-allowance")) {
				// As member-service's rules here: points pay at most 50% of the payable,
				// one
				// point a fen, within the balance.
				long balance = this.pointsBalances.getOrDefault(path.split("/")[3], 0L);
				long max = Math.min(balance, body.path("payableMinor").asLong() * 50 / 100);
				respond(exchange, 200,
						JSON.createObjectNode()
							.put("balance", balance)
							.put("maxPoints", max)
							.put("maxValueMinor", max)
							.put("currency", body.path("currency").asString()));
			}
			else if (path.startsWith("/internal/members/orders/")) {
				points(exchange, path, body);
			}
			else if (path.equals("/internal/members/identities/resolve")) {
				String member = body.path("type").asString().equals("MARKETPLACE_BUYER") ? this.marketplaceBuyers
					.get(body.path("namespace").asString() + "/" + body.path("value").asString()) : null;
				if (this.memberDown) {
					respond(exchange, 500, problem("internal", "down"));
				}
				else if (member == null) {
					respond(exchange, 404, problem("not-found", "No member holds that identity"));
				}
				else {
					respond(exchange, 200, JSON.createObjectNode().put("memberId", member));
				}
			}
			else {
				respond(exchange, 404, problem("not-found", path));
			}
		}
		catch (RuntimeException ex) {
			respond(exchange, 500, problem("internal", ex.toString()));
		}
	}

	private void reserve(HttpExchange exchange, JsonNode body) throws IOException {
		String orderId = body.path("orderId").asString();
		this.reservationRequests.put(orderId, body);
		for (JsonNode line : body.path("lines")) {
			String behaviour = this.refuse.get(line.path("sku").asString());
			if ("SHORT".equals(behaviour)) {
				ObjectNode problem = problem("insufficient-stock",
						"Not enough stock for [" + line.path("sku").asString() + "]");
				problem.putArray("shortLines")
					.addObject()
					.put("sku", line.path("sku").asString())
					.put("requested", line.path("quantity").asInt())
					.put("available", 0);
				respond(exchange, 409, problem);
				return;
			}
			if ("DOWN".equals(behaviour)) {
				respond(exchange, 500, problem("internal", "down"));
				return;
			}
			if ("BUSY".equals(behaviour)) {
				respond(exchange, 503, problem("reservations-saturated", "busy"));
				return;
			}
		}
		this.reservations.putIfAbsent(orderId, "RESERVED");
		ObjectNode reservation = JSON.createObjectNode()
			.put("orderId", orderId)
			.put("status", "ACTIVE")
			.put("expiresAt", Instant.now().plusSeconds(body.path("holdMinutes").asLong(15) * 60).toString());
		// A SKU listed in splitAcross is served half from each of two warehouses.
		ArrayNode allocations = reservation.putArray("allocations");
		for (JsonNode line : body.path("lines")) {
			String sku = line.path("sku").asString();
			int quantity = line.path("quantity").asInt();
			if ("SPLIT".equals(this.refuse.get(sku)) && quantity > 1) {
				allocations.addObject().put("sku", sku).put("location", "WH-SH").put("quantity", quantity / 2);
				allocations.addObject()
					.put("sku", sku)
					.put("location", "WH-GZ")
					.put("quantity", quantity - quantity / 2);
			}
			else {
				allocations.addObject().put("sku", sku).put("location", "WH-SH").put("quantity", quantity);
			}
		}
		respond(exchange, 201, reservation);
	}

	// member-service's rules: 100 points = 1.00 CNY (1 point a fen), at most 50 % of the
	// payable.
	private synchronized void points(HttpExchange exchange, String path, JsonNode body) throws IOException {
		if (this.memberDown) {
			respond(exchange, 500, problem("internal", "down"));
			return;
		}
		String[] parts = path.split("/");
		String orderId = parts[4];
		String action = (parts.length > 6) ? parts[6] : "redeem";
		if (action.equals("redeem")) {
			if (this.pointsRedeemed.containsKey(orderId)) {
				long points = this.pointsRedeemed.get(orderId);
				respond(exchange, 201, redemption(orderId, points, this.pointsOwners.get(orderId)));
				return;
			}
			if (this.pointsClosed.containsKey(orderId)) {
				respond(exchange, 409, problem("order-points-closed", "reversed before redeemed"));
				return;
			}
			String member = body.path("memberId").asString();
			long points = body.path("points").asLong();
			if (!"CNY".equals(body.path("currency").asString())) {
				respond(exchange, 422, problem("points-currency-mismatch", "Points pay in CNY"));
				return;
			}
			if (points * 100 > body.path("payableMinor").asLong() * 50) {
				respond(exchange, 422, problem("points-limit-exceeded", "Points may pay at most 50% of the order")
					.put("maxPoints", body.path("payableMinor").asLong() * 50 / 100));
				return;
			}
			long balance = this.pointsBalances.getOrDefault(member, 0L);
			if (balance < points) {
				respond(exchange, 422,
						problem("insufficient-points", "The balance does not cover " + points + " points.")
							.put("balance", balance));
				return;
			}
			this.pointsBalances.put(member, balance - points);
			this.pointsRedeemed.put(orderId, points);
			this.pointsOwners.put(orderId, member);
			respond(exchange, 201, redemption(orderId, points, member));
			return;
		}
		if (!this.pointsRedeemed.containsKey(orderId)) {
			if (action.equals("reversal")) {
				this.pointsClosed.put(orderId, true);
			}
			respond(exchange, 404, problem("not-found", "No points redemption for " + orderId));
			return;
		}
		String restoration = orderId + "#"
				+ (action.equals("reversal") ? "reversal" : body.path("returnId").asString());
		long left = this.pointsRedeemed.get(orderId) - this.pointsRestored.getOrDefault(orderId, 0L);
		long asked = action.equals("reversal") ? left : body.path("points").asLong();
		long given = this.restorations.computeIfAbsent(restoration, (key) -> {
			long give = Math.min(asked, left);
			this.pointsRestored.merge(orderId, give, Long::sum);
			this.pointsBalances.merge(this.pointsOwners.get(orderId), give, Long::sum);
			return give;
		});
		respond(exchange, 200,
				JSON.createObjectNode()
					.put("orderId", orderId)
					.put("points", given)
					.put("balance", this.pointsBalances.get(this.pointsOwners.get(orderId))));
	}

	private JsonNode redemption(String orderId, long points, String member) {
		return JSON.createObjectNode()
			.put("orderId", orderId)
			.put("memberId", member)
			.put("points", points)
			.put("valueMinor", points)
			.put("currency", "CNY")
			.put("balance", this.pointsBalances.getOrDefault(member, 0L));
	}

	// A fixed 1,000 off the first line, to tell the quote's figures from the list prices.
	private void lock(HttpExchange exchange, JsonNode body) throws IOException {
		String orderId = body.path("orderId").asString();
		JsonNode cart = body.path("cart");
		this.lockedCarts.put(orderId, cart);
		for (JsonNode coupon : cart.path("couponIds")) {
			if ("INVALID".equals(this.refuse.get(coupon.asString()))) {
				ObjectNode problem = problem("coupon-not-applicable", "Chosen coupons do not apply to this cart");
				problem.putArray("coupons")
					.addObject()
					.put("couponId", coupon.asString())
					.put("reason", "BELOW_THRESHOLD");
				respond(exchange, 422, problem);
				return;
			}
		}
		JsonNode quote = this.quotes.computeIfAbsent(orderId, (id) -> quote(cart));
		this.promotions.putIfAbsent(orderId, "LOCKED");
		ObjectNode participation = JSON.createObjectNode().put("orderId", orderId).put("status", "LOCKED");
		participation.set("quote", quote);
		respond(exchange, 201, participation);
	}

	private void availability(HttpExchange exchange, String query) throws IOException {
		ArrayNode answer = JSON.createArrayNode();
		for (String parameter : query.split("&")) {
			if (parameter.startsWith("skus=")) {
				for (String sku : parameter.substring(5).split(",")) {
					int units = this.available.getOrDefault(sku, 100);
					answer.addObject().put("sku", sku).put("available", units).put("display", String.valueOf(units));
				}
			}
		}
		respond(exchange, 200, answer);
	}

	// A cart's quote, priced like a lock's; a coupon marked UNUSABLE is refused as
	// promotion-service refuses one that is no longer in the wallet.
	private void quoteCart(HttpExchange exchange, JsonNode body) throws IOException {
		this.quoteRequests.add(body);
		JsonNode cart = body.path("cart");
		for (JsonNode coupon : cart.path("couponIds")) {
			if ("UNUSABLE".equals(this.refuse.get(coupon.asString()))) {
				respond(exchange, 422, problem("coupon-not-usable", "Coupon " + coupon.asString() + " was used"));
				return;
			}
		}
		ObjectNode quote = (ObjectNode) quote(cart);
		quote.put("pointsAllowed", true);
		respond(exchange, 200, quote);
	}

	private JsonNode quote(JsonNode cart) {
		ObjectNode quote = JSON.createObjectNode().put("currency", cart.path("currency").asString());
		ArrayNode lines = quote.putArray("lines");
		long subtotal = 0;
		long discount = 0;
		boolean first = true;
		for (JsonNode line : cart.path("lines")) {
			long unitPrice = this.priceList.getOrDefault(line.path("sku").asString(),
					line.path("unitPriceMinor").asLong());
			long gross = line.path("quantity").asLong() * unitPrice;
			long off = first ? Math.min(1000, gross) : 0;
			first = false;
			subtotal += gross;
			discount += off;
			lines.addObject()
				.put("sku", line.path("sku").asString())
				.put("quantity", line.path("quantity").asInt())
				.put("unitPriceMinor", unitPrice)
				.put("grossMinor", gross)
				.put("discountMinor", off)
				.put("netMinor", gross - off);
		}
		long shipping = cart.path("shippingFeeMinor").asLong();
		quote.put("subtotalMinor", subtotal)
			.put("discountMinor", discount)
			.put("shippingFeeMinor", shipping)
			.put("shippingDiscountMinor", 0)
			.put("payableMinor", subtotal - discount + shipping);
		quote.putArray("applied").addObject().put("promotionId", "STUB-1000").put("discountMinor", discount);
		return quote;
	}

	// Each returned unit refunds its share of the line's net, as promotion-service does.
	private JsonNode refund(String orderId, JsonNode body) {
		JsonNode quote = this.quotes.get(orderId);
		ObjectNode result = JSON.createObjectNode()
			.put("orderId", orderId)
			.put("returnId", body.path("returnId").asString());
		long total = 0;
		ArrayNode lines = result.putArray("lines");
		for (JsonNode returned : body.path("lines")) {
			for (JsonNode line : quote.path("lines")) {
				if (line.path("sku").asString().equals(returned.path("sku").asString())) {
					long refund = line.path("netMinor").asLong() * returned.path("quantity").asLong()
							/ line.path("quantity").asLong();
					lines.addObject().put("sku", line.path("sku").asString()).put("refundMinor", refund);
					total += refund;
				}
			}
		}
		return result.put("refundMinor", total);
	}

	private static ObjectNode problem(String type, String detail) {
		return JSON.createObjectNode()
			.put("type", "https://concord.dev/problems/" + type)
			.put("title", type)
			.put("detail", detail);
	}

	private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders()
			.add("Content-Type", (status >= 400) ? "application/problem+json" : "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
