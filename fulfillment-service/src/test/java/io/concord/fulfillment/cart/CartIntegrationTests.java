package io.concord.fulfillment.cart;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.catalog.Products;
import io.concord.platform.test.EventFixtures;
import io.concord.platform.test.EventFixtures.OutgoingEvent;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One cart per member across channels (issue 19): filled on one channel, read priced and
 * checked out on another; guest carts merged on sign-in and members' carts on a member
 * merge; stale writes refused; availability and unusable coupons shown per line.
 */
class CartIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MEMBER_EVENTS = "concord.member.events.v1";

	private static final String ADDRESS = """
			{"name": "Ada", "phone": "+8613900000000", "region": "CN-SH", "city": "Shanghai", "line1": "1 Bund"}""";

	@LocalServerPort
	int port;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	private final PartnerStub partners = PartnerStub.get();

	@Test
	@DisplayName("A cart filled on MINI_PROGRAM is read, priced and checked out on APP with its coupon and points; the cart is then empty")
	void aCartFilledOnOneChannelIsCheckedOutOnAnother() {
		UUID member = UUID.randomUUID();
		this.partners.pointsBalances.put(member.toString(), 5_000L);
		String jacket = product(29900);
		String socks = product(1500);
		UUID coupon = UUID.randomUUID();
		String miniProgram = TestIssuers.get().memberToken(member, "MINI_PROGRAM");
		String app = TestIssuers.get().memberToken(member, "APP");

		HttpResponse<String> filled = call("PUT", "/api/cart", miniProgram, """
				{"lines": [{"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1}],
				 "couponIds": ["%s"], "pointsToRedeem": 3000}""".formatted(jacket, socks, socks, coupon), Map.of());
		assertThat(filled.statusCode()).as(filled.body()).isEqualTo(200);
		assertThat(read(filled).path("channel").asString()).isEqualTo("MINI_PROGRAM");
		assertThat(filled.headers().firstValue("ETag")).hasValue("\"1\"");

		HttpResponse<String> onApp = call("GET", "/api/cart", app, null, Map.of());
		assertThat(onApp.statusCode()).as(onApp.body()).isEqualTo(200);
		JsonNode cart = read(onApp);
		assertThat(cart.path("channel").asString()).isEqualTo("APP");
		assertThat(cart.path("lines")).hasSize(2);
		assertThat(cart.path("lines").get(1).path("sku").asString()).isEqualTo(socks);
		assertThat(cart.path("lines").get(1).path("quantity").asInt()).as("the same SKU twice is one line")
			.isEqualTo(3);
		assertThat(cart.path("lines").get(0).path("availability").asString()).isEqualTo("IN_STOCK");
		assertThat(cart.path("lines").get(0).path("unitPriceMinor").asLong()).isEqualTo(29900);
		assertThat(cart.path("pointsToRedeem").asLong()).isEqualTo(3000);
		assertThat(cart.path("couponIds").get(0).asString()).isEqualTo(coupon.toString());
		// 29,900 + 3 x 1,500 - 1,000 (the stub's promotion) + 1,000 shipping.
		assertThat(cart.path("totals").path("payableMinor").asLong()).isEqualTo(34400);
		// The stub's rules: points pay at most half the payable, within the balance of
		// 5,000.
		assertThat(cart.path("points").path("balance").asLong()).isEqualTo(5000);
		assertThat(cart.path("points").path("maxPoints").asLong()).isEqualTo(5000);
		assertThat(cart.path("notices")).as(cart.toString()).isEmpty();
		JsonNode asked = this.partners.quoteRequests.get(this.partners.quoteRequests.size() - 1);
		assertThat(asked.path("memberId").asString()).as("priced for the member (tier, wallet)")
			.isEqualTo(member.toString());
		assertThat(asked.path("cart").path("channel").asString()).isEqualTo("APP");
		assertThat(asked.path("cart").path("usePoints").asBoolean()).isTrue();

		HttpResponse<String> placed = call("POST", "/api/cart/checkout", app,
				"{\"shippingAddress\": %s, \"cartVersion\": 1}".formatted(ADDRESS),
				Map.of("Idempotency-Key", "cart-" + UUID.randomUUID()));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		JsonNode order = read(placed);
		String orderId = order.path("orderId").asString();
		assertThat(order.path("channel").asString()).isEqualTo("APP");
		assertThat(order.path("status").asString()).isEqualTo("PENDING_PAYMENT");
		assertThat(order.path("pointsRedeemed").asLong()).isEqualTo(3000);
		assertThat(order.path("payableMinor").asLong()).as("money after 3,000 points").isEqualTo(31400);
		assertThat(this.partners.lockedCarts.get(orderId).path("couponIds").get(0).asString())
			.isEqualTo(coupon.toString());
		assertThat(this.partners.reservationRequests.get(orderId).path("channel").asString()).isEqualTo("APP");

		JsonNode after = read(call("GET", "/api/cart", miniProgram, null, Map.of()));
		assertThat(after.path("lines")).as("checked out: the cart is empty").isEmpty();
		HttpResponse<String> again = call("POST", "/api/cart/checkout", app,
				"{\"shippingAddress\": %s}".formatted(ADDRESS), Map.of("Idempotency-Key", "cart-" + UUID.randomUUID()));
		assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
		assertThat(read(again).path("type").asString()).endsWith("/cart-empty");
	}

	@Test
	@DisplayName("A guest's cart joins the member's cart on sign-in (quantities added, the guest cart gone); repeating it changes nothing")
	void aGuestCartIsMergedOnSignIn() {
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member, "APP");
		String tea = product(16800);
		String cup = product(8900);
		HttpResponse<String> guest = call("PUT", "/api/cart?channel=WEB", null, """
				{"lines": [{"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1}]}""".formatted(tea, cup),
				Map.of());
		assertThat(guest.statusCode()).as(guest.body()).isEqualTo(200);
		String guestCartId = guest.headers().firstValue(CartController.GUEST_CART).orElseThrow();
		assertThat(read(guest).path("cartId").asString()).isEqualTo(guestCartId);
		JsonNode reread = read(
				call("GET", "/api/cart?channel=WEB", null, null, Map.of(CartController.GUEST_CART, guestCartId)));
		assertThat(reread.path("lines")).hasSize(2);
		assertThat(read(call("GET", "/api/cart?channel=WEB", null, null, Map.of())).path("lines")).as("no id, no cart")
			.isEmpty();

		assertThat(call("PUT", "/api/cart", token, """
				{"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(tea), Map.of()).statusCode()).isEqualTo(200);
		HttpResponse<String> merged = call("POST", "/api/cart/merge", token,
				"{\"guestCartId\": \"%s\"}".formatted(guestCartId), Map.of());
		assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
		JsonNode cart = read(merged);
		assertThat(quantities(cart)).containsExactly(tea + "=3", cup + "=1");
		assertThat(
				read(call("GET", "/api/cart?channel=WEB", null, null, Map.of(CartController.GUEST_CART, guestCartId)))
					.path("lines"))
			.as("the guest cart is gone")
			.isEmpty();
		JsonNode repeated = read(
				call("POST", "/api/cart/merge", token, "{\"guestCartId\": \"%s\"}".formatted(guestCartId), Map.of()));
		assertThat(quantities(repeated)).containsExactly(tea + "=3", cup + "=1");
		assertThat(repeated.path("version").asLong()).isEqualTo(cart.path("version").asLong());
	}

	@Test
	@DisplayName("A write on an older version (If-Match) is refused with 412 and the cart is untouched; a checkout of an older version with 409")
	void staleWritesAreRefused() {
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member, "APP");
		String tea = product(16800);
		call("PUT", "/api/cart", token, "{\"lines\": [{\"sku\": \"%s\", \"quantity\": 1}]}".formatted(tea), Map.of());
		HttpResponse<String> second = call("PUT", "/api/cart", token,
				"{\"lines\": [{\"sku\": \"%s\", \"quantity\": 2}]}".formatted(tea), Map.of("If-Match", "\"1\""));
		assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
		HttpResponse<String> stale = call("PUT", "/api/cart", token,
				"{\"lines\": [{\"sku\": \"%s\", \"quantity\": 9}]}".formatted(tea), Map.of("If-Match", "\"1\""));
		assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
		assertThat(stale.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(read(stale).path("type").asString()).endsWith("/cart-changed");
		assertThat(read(stale).path("version").asLong()).isEqualTo(2);
		assertThat(quantities(read(call("GET", "/api/cart", token, null, Map.of())))).containsExactly(tea + "=2");
		HttpResponse<String> checkout = call("POST", "/api/cart/checkout", token,
				"{\"shippingAddress\": %s, \"cartVersion\": 1}".formatted(ADDRESS),
				Map.of("Idempotency-Key", "cart-" + UUID.randomUUID()));
		assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(409);
		assertThat(read(checkout).path("type").asString()).endsWith("/cart-changed");
	}

	@Test
	@DisplayName("Each line shows what inventory can promise; a SKU no longer for sale and an unusable coupon are named in notices, the rest still priced")
	void linesShowAvailabilityAndProblems() {
		UUID member = UUID.randomUUID();
		String token = TestIssuers.get().memberToken(member, "APP");
		String scarce = product(5000);
		String gone = product(7000);
		String soldOut = product(3000);
		this.partners.available.put(scarce, 1);
		this.partners.available.put(soldOut, 0);
		UUID used = UUID.randomUUID();
		this.partners.refuse.put(used.toString(), "UNUSABLE");
		call("PUT", "/api/cart", token, """
				{"lines": [{"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 1}],
				 "couponIds": ["%s"], "pointsToRedeem": 300}""".formatted(scarce, gone, soldOut, used), Map.of());
		this.jdbc.update("delete from product where sku = ?", gone);
		JsonNode cart = read(call("GET", "/api/cart", token, null, Map.of()));
		assertThat(cart.path("lines").get(0).path("availability").asString()).isEqualTo("NOT_ENOUGH");
		assertThat(cart.path("lines").get(0).path("available").asInt()).isEqualTo(1);
		assertThat(cart.path("lines").get(1).path("forSale").asBoolean()).isFalse();
		assertThat(cart.path("lines").get(2).path("availability").asString()).isEqualTo("OUT_OF_STOCK");
		assertThat(cart.path("totals").path("subtotalMinor").asLong()).as("priced without the line not for sale")
			.isEqualTo(2 * 5000 + 3000);
		assertThat(cart.path("notices").toString()).contains(gone)
			.contains("coupon can no longer be used")
			.contains("At most 0 points can pay for this cart");
		assertThat(cart.path("points").path("maxPoints").asLong()).isZero();
		JsonNode asked = this.partners.quoteRequests.get(this.partners.quoteRequests.size() - 1);
		assertThat(asked.path("cart").has("couponIds") && !asked.path("cart").path("couponIds").isNull())
			.as("re-priced with the best of the wallet")
			.isFalse();
	}

	@Test
	@DisplayName("Eight first writes of one member's cart at once, from different channels, make one cart; every write counted once")
	void concurrentFirstWritesMakeOneCart() throws Exception {
		UUID member = UUID.randomUUID();
		String tea = product(16800);
		String[] channels = { "APP", "WEB", "MINI_PROGRAM", "APP", "WEB", "MINI_PROGRAM", "APP", "WEB" };
		ExecutorService pool = Executors.newFixedThreadPool(channels.length);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<HttpResponse<String>>> writes = new ArrayList<>();
			for (String channel : channels) {
				String token = TestIssuers.get().memberToken(member, channel);
				writes.add(pool.submit(() -> {
					start.await();
					return call("PUT", "/api/cart", token,
							"{\"lines\": [{\"sku\": \"%s\", \"quantity\": 1}]}".formatted(tea), Map.of());
				}));
			}
			start.countDown();
			for (Future<HttpResponse<String>> write : writes) {
				HttpResponse<String> answer = write.get(60, TimeUnit.SECONDS);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("select count(*) from cart where member_id = ?", Integer.class, member))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select version from cart where member_id = ?", Long.class, member))
			.isEqualTo(channels.length);
	}

	@Test
	@DisplayName("member-service's MemberMerged moves the merged member's cart into the survivor's; MemberErased deletes a cart; repeats change nothing")
	void memberEventsMergeAndEraseCarts() {
		UUID survivor = UUID.randomUUID();
		UUID merged = UUID.randomUUID();
		String tea = product(16800);
		String cup = product(8900);
		call("PUT", "/api/cart", TestIssuers.get().memberToken(survivor),
				"{\"lines\": [{\"sku\": \"%s\", \"quantity\": 1}]}".formatted(tea), Map.of());
		call("PUT", "/api/cart", TestIssuers.get().memberToken(merged), """
				{"lines": [{"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1}]}""".formatted(tea, cup),
				Map.of());
		OutgoingEvent merge = OutgoingEvent.of("concord.member.MemberMerged", survivor.toString(), """
				{"survivorMemberId": "%s", "mergedMemberId": "%s", "reason": "same verified phone",
				 "mergedAt": "2026-12-01T00:00:00Z"}""".formatted(survivor, merged));
		EventFixtures.send(MEMBER_EVENTS, merge);
		EventFixtures.send(MEMBER_EVENTS, merge);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from cart where member_id = ?", Integer.class,
					merged) == 0);
		JsonNode cart = read(call("GET", "/api/cart", TestIssuers.get().memberToken(survivor), null, Map.of()));
		assertThat(quantities(cart)).containsExactly(tea + "=3", cup + "=1");

		EventFixtures.send(MEMBER_EVENTS, OutgoingEvent.of("concord.member.MemberErased", survivor.toString(),
				"{\"memberId\": \"%s\", \"erasedAt\": \"2026-12-01T00:00:00Z\"}".formatted(survivor)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from cart where member_id = ?", Integer.class,
					survivor) == 0);
	}

	@Test
	@DisplayName("Bad input and the wrong caller get problems: guests hold no coupons (422), closed channels (403), staff have no cart (403), zero quantities (400)")
	void badInputIsRefusedClearly() {
		String tea = product(16800);
		HttpResponse<String> guestCoupon = call("PUT", "/api/cart?channel=APP", null, """
				{"lines": [{"sku": "%s", "quantity": 1}], "couponIds": ["%s"]}""".formatted(tea, UUID.randomUUID()),
				Map.of());
		assertThat(guestCoupon.statusCode()).as(guestCoupon.body()).isEqualTo(422);
		assertThat(read(guestCoupon).path("type").asString()).endsWith("/sign-in-required");
		HttpResponse<String> closed = call("GET", "/api/cart?channel=TMALL", null, null, Map.of());
		assertThat(closed.statusCode()).as(closed.body()).isEqualTo(403);
		HttpResponse<String> staff = call("GET", "/api/cart?channel=APP",
				TestIssuers.get().staffToken("ops-1", "ops-manager"), null, Map.of());
		assertThat(staff.statusCode()).as(staff.body()).isEqualTo(403);
		HttpResponse<String> zero = call("PUT", "/api/cart", TestIssuers.get().memberToken(UUID.randomUUID()),
				"{\"lines\": [{\"sku\": \"%s\", \"quantity\": 0}]}".formatted(tea), Map.of());
		assertThat(zero.statusCode()).as(zero.body()).isEqualTo(400);
		HttpResponse<String> anonymousMerge = call("POST", "/api/cart/merge", null,
				"{\"guestCartId\": \"%s\"}".formatted(UUID.randomUUID()), Map.of());
		assertThat(anonymousMerge.statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("The cart shows the unit price promotion-service quoted (the price authority's), not the catalogue's")
	void theCartShowsTheQuotedUnitPrice() {
		String token = TestIssuers.get().memberToken(UUID.randomUUID(), "APP");
		String listed = product(29900);
		String unlisted = product(1500);
		this.partners.priceList.put(listed, 24900L);

		HttpResponse<String> filled = call("PUT", "/api/cart", token, """
				{"lines": [{"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1}]}""".formatted(listed, unlisted),
				Map.of());
		assertThat(filled.statusCode()).as(filled.body()).isEqualTo(200);
		JsonNode cart = read(call("GET", "/api/cart", token, null, Map.of()));
		assertThat(cart.path("lines").get(0).path("unitPriceMinor").asLong()).as(cart.toString()).isEqualTo(24900);
		assertThat(cart.path("lines").get(1).path("unitPriceMinor").asLong()).isEqualTo(1500);
		// 2 x 24,900 + 1,500 - 1,000 (the stub's promotion) + 1,000 shipping.
		assertThat(cart.path("totals").path("payableMinor").asLong()).isEqualTo(51300);
	}

	private static List<String> quantities(JsonNode cart) {
		List<String> lines = new ArrayList<>();
		cart.path("lines")
			.forEach((line) -> lines.add(line.path("sku").asString() + "=" + line.path("quantity").asInt()));
		return lines;
	}

	private HttpResponse<String> call(String method, String path, String token, String json,
			Map<String, String> headers) {
		return TestHttp.call(base(), method, path, token, json, headers);
	}

	private String product(long price) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", price, "CNY", false, null));
		return sku;
	}

	private static JsonNode read(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
