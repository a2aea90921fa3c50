package io.concord.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

/**
 * The scripted storefront journey through the gateway. Each step prints what it did and
 * what came back; the journey grows as services land, towards register -> sign in ->
 * claim coupon -> quote -> order -> pay -> ship -> deliver -> points. One-time codes are
 * read from member-service's development mailbox, the local stand-in for SMS and e-mail.
 */
public final class DemoJourney {

	private final Storefront gateway;

	private final Storefront memberService;

	private final Storefront staffIssuer;

	private final Storefront inventoryService;

	private final Storefront fulfillmentService;

	private final String fulfillmentUrl;

	private final String gatewayUrl;

	private final DevMembers members;

	private final LocalStack.Output out;

	/** The journey against a running stack. */
	public DemoJourney(LocalStack stack, LocalStack.Output out) {
		this.gateway = new Storefront(stack.gatewayUrl());
		this.memberService = new Storefront(stack.serviceUrl("member-service"));
		this.inventoryService = new Storefront(stack.serviceUrl("inventory-service"));
		this.fulfillmentService = new Storefront(stack.serviceUrl("fulfillment-service"));
		this.fulfillmentUrl = stack.serviceUrl("fulfillment-service");
		this.gatewayUrl = stack.gatewayUrl();
		this.staffIssuer = new Storefront(stack.staffIssuerUrl());
		this.members = new DevMembers(this.gateway, this.memberService, this.staffIssuer);
		this.out = out;
	}

	/**
	 * Runs every step; returns false at the first step that did not do what it should.
	 */
	public boolean run() {
		String viewer = this.staffIssuer.staffToken("ops-viewer");
		String manager = this.staffIssuer.staffToken("ops-manager");
		Storefront.Answer anonymous = this.gateway.get("/admin/members/audit");
		Storefront.Answer badToken = this.gateway.get("/admin/members/audit", "not-a-token");
		if (!check("Staff tokens from the development issuer; the admin API refuses anyone else",
				!viewer.isEmpty() && !manager.isEmpty() && anonymous.status() == 401 && badToken.status() == 401,
				"anonymous " + anonymous.status() + ", bad token " + badToken.status())) {
			return false;
		}
		for (String service : List.of("members", "inventory", "promotions", "fulfillment")) {
			Storefront.Answer health = this.gateway.get("/admin/" + service + "/actuator/health", viewer);
			if (!check("Health of " + service + " through the gateway", health.ok(),
					health.body().path("status").asString(health.raw()))) {
				return false;
			}
		}
		String phone = "+86139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
		String email = "demo." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

		this.gateway.post("/api/members/verification-codes", "{\"type\":\"PHONE\",\"value\":\"" + phone + "\"}", null);
		String code = this.members.code(phone);
		String key = "demo-" + UUID.randomUUID();
		String registration = """
				{"displayName": "Demo Shopper", "channel": "APP",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(phone, code);
		Storefront.Answer registered = this.gateway.post("/api/members", registration, key);
		String memberId = registered.body().path("id").asString("");
		if (!check("Register on the app with a verified phone (POST /api/members)", registered.status() == 201,
				registered.status() + " member " + memberId)) {
			return false;
		}
		Storefront.Answer retried = this.gateway.post("/api/members", registration, key);
		if (!check("Retry the same registration (same Idempotency-Key)",
				retried.status() == 201 && memberId.equals(retried.body().path("id").asString())
						&& retried.header("Idempotent-Replayed").equals("true"),
				retried.status() + " same member, Idempotent-Replayed: " + retried.header("Idempotent-Replayed"))) {
			return false;
		}
		String appToken = this.members.signIn("PHONE", phone, "APP");
		Storefront.Answer me = this.gateway.get("/api/members/me", appToken);
		if (!check("Sign in on the app with a one-time code; GET /api/members/me",
				memberId.equals(me.body().path("id").asString()),
				me.status() + " " + me.body().path("displayName").asString() + ", phone "
						+ me.body().path("identities").path(0).path("value").asString())) {
			return false;
		}
		this.gateway.post("/api/members/verification-codes", "{\"type\":\"EMAIL\",\"value\":\"" + email + "\"}", null);
		Storefront.Answer linked = this.gateway.post("/api/members/me/identities", """
				{"type": "EMAIL", "value": "%s", "verificationCode": "%s"}""".formatted(email,
				this.members.code(email)), "demo-link-" + key, appToken);
		if (!check("Link an e-mail address (POST /api/members/me/identities)", linked.ok(),
				linked.status() + " identities " + linked.body().path("identities").size())) {
			return false;
		}
		String webToken = this.members.signIn("EMAIL", email, "WEB");
		Storefront.Answer onWeb = this.gateway.get("/api/members/me", webToken);
		if (!check("Sign in on the web with the e-mail: the same member",
				memberId.equals(onWeb.body().path("id").asString()),
				onWeb.status() + " member " + onWeb.body().path("id").asString())) {
			return false;
		}
		Storefront.Answer viewerCredit = this.gateway.post("/admin/members/" + memberId + "/points/adjustments",
				"{\"points\": 500, \"reason\": \"demo welcome points\"}", null, viewer);
		if (!check("An ops viewer may not credit points (403)", viewerCredit.status() == 403,
				viewerCredit.status() + " " + viewerCredit.body().path("type").asString())) {
			return false;
		}
		Storefront.Answer credited = this.gateway.post("/admin/members/" + memberId + "/points/adjustments",
				"{\"points\": 500, \"reason\": \"demo welcome points\"}", null, manager);
		long onApp = this.gateway.get("/api/members/me/points", appToken).body().path("balance").asLong(-1);
		long onWebPoints = this.gateway.get("/api/members/me/points", webToken).body().path("balance").asLong(-2);
		if (!check("Ops credit 500 points; app and web see the same balance",
				credited.ok() && onApp == 500 && onWebPoints == 500, "app " + onApp + ", web " + onWebPoints)) {
			return false;
		}
		// Points pay only at checkout, against the order's server-computed payable (M10).
		Storefront.Answer moved = this.gateway.post("/api/members/me/points/redemptions",
				"{\"points\": 200, \"orderTotal\": {\"amountMinor\": 10000, \"currency\": \"CNY\"}}",
				"demo-redeem-" + key, webToken);
		if (!check("A free-standing redemption is gone: points pay at checkout (410)",
				moved.status() == 410 && moved.body().path("type").asString().endsWith("/points-redemption-moved"),
				moved.status() + " " + moved.body().path("type").asString())) {
			return false;
		}
		Storefront.Answer invalid = this.gateway.post("/api/members", "{\"displayName\": \"\"}", "demo-invalid-" + key);
		if (!check("Bad input is answered with problem details", invalid.status() == 400,
				invalid.status() + " " + invalid.body().path("type").asString())) {
			return false;
		}
		String jacket = stock(manager);
		if (jacket == null) {
			return false;
		}
		if (!price(manager, viewer, jacket)) {
			return false;
		}
		if (!promote(manager, appToken)) {
			return false;
		}
		if (!order(manager, appToken, webToken, jacket)) {
			return false;
		}
		if (!marketplace(manager, jacket)) {
			return false;
		}
		if (!forecast(manager, viewer, jacket)) {
			return false;
		}
		Storefront.Answer audience = poll(() -> this.gateway.get("/admin/promotions/audience/" + memberId, viewer),
				Storefront.Answer::ok);
		return check("promotion-service learned of the member over Kafka (MemberRegistered)", audience.ok(),
				"audience member since " + audience.body().path("registeredAt").asString());
	}

	// Ops stock a jacket and hold 30% for the livestream; shoppers see what their channel
	// can promise; the order flow reserves with its service token. Returns the jacket's
	// SKU.
	private String stock(String manager) {
		String sku = "DEMO-JACKET-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
		this.gateway.put("/admin/inventory/skus/" + sku, "{\"name\": \"Down jacket\", \"reorderPoint\": 50}", manager);
		this.gateway.put("/admin/inventory/locations/WH-SH",
				"{\"name\": \"Shanghai DC\", \"type\": \"WAREHOUSE\", \"region\": \"CN-SH\"}", manager);
		for (String channel : List.of("APP", "LIVESTREAM")) {
			this.gateway.put("/admin/inventory/channels/" + channel + "/locations", "{\"locations\": [\"WH-SH\"]}",
					manager);
		}
		Storefront.Answer stocked = this.gateway.post("/admin/inventory/adjustments",
				"{\"sku\": \"%s\", \"location\": \"WH-SH\", \"quantity\": 1000, \"reason\": \"INITIAL_COUNT\"}"
					.formatted(sku),
				"demo-stock-" + sku, manager);
		Storefront.Answer fenced = this.gateway.post("/admin/inventory/ring-fences",
				"{\"sku\": \"%s\", \"channel\": \"LIVESTREAM\", \"sharePercent\": 30}".formatted(sku), null, manager);
		if (!check("Ops stock 1,000 jackets and hold 30% for the livestream", stocked.ok() && fenced.status() == 201,
				"on hand " + stocked.body().path("onHand").asInt() + ", fenced "
						+ fenced.body().path("quantity").asInt())) {
			return null;
		}
		String availability = "/api/inventory/availability?skus=" + sku + "&cap=99&channel=";
		Storefront.Answer app = this.gateway.get(availability + "APP");
		Storefront.Answer live = this.gateway.get(availability + "LIVESTREAM");
		if (!check("Shoppers see what their channel can promise (anonymous, through the gateway)",
				app.body().path(0).path("available").asInt() == 700
						&& live.body().path(0).path("available").asInt() == 1000,
				"app " + app.body().path(0).path("available").asInt() + " (shown \""
						+ app.body().path(0).path("display").asString() + "\"), livestream "
						+ live.body().path(0).path("available").asInt())) {
			return null;
		}
		String orderFlow = this.staffIssuer.staffToken("fulfillment-service");
		String order = "DEMO-ORD-" + UUID.randomUUID();
		Storefront.Answer reserved = this.inventoryService.post("/internal/inventory/reservations",
				"{\"orderId\": \"%s\", \"channel\": \"APP\", \"lines\": [{\"sku\": \"%s\", \"quantity\": 2}]}"
					.formatted(order, sku),
				null, orderFlow);
		if (!check("The order flow reserves 2 jackets (service token, straight at inventory-service)",
				reserved.status() == 201,
				reserved.status() + " until " + reserved.body().path("expiresAt").asString())) {
			return null;
		}
		return sku;
	}

	// Ops run a Singles' Day campaign (a spend threshold and a coupon drop); the member
	// claims a coupon and prices a cart; the order flow locks the order's promotions.
	private boolean promote(String manager, String memberToken) {
		String campaign = "DEMO-D11-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
		Instant start = Instant.now().minusSeconds(60);
		this.gateway.post("/admin/promotions/campaigns", """
				{"id": "%s", "name": "Singles' Day", "startsAt": "%s", "endsAt": "%s"}""".formatted(campaign, start,
				start.plus(Duration.ofDays(3))), "demo-" + campaign, manager);
		this.gateway.post("/admin/promotions/campaigns/" + campaign + "/promotions", """
				{"id": "%s-300-50", "name": "Spend 300, get 50 off", "kind": "SPEND_THRESHOLD",
				 "activation": "AUTOMATIC", "stackingGroup": "ORDER", "currency": "CNY", "budgetMinor": 100000000,
				 "rule": {"tiers": [{"spendMinor": 30000, "offMinor": 5000}]}}""".formatted(campaign),
				"demo-t-" + campaign, manager);
		this.gateway.post("/admin/promotions/campaigns/" + campaign + "/promotions", """
				{"id": "%s-DROP", "name": "20 off 100 (flash drop)", "kind": "AMOUNT_OFF", "activation": "COUPON",
				 "stackingGroup": "COUPON", "currency": "CNY", "rule": {"amountOffMinor": 2000, "minSpendMinor": 10000},
				 "coupon": {"totalQuantity": 5000, "perMemberLimit": 1, "validDays": 3}}""".formatted(campaign),
				"demo-c-" + campaign, manager);
		Storefront.Answer activated = this.gateway.post("/admin/promotions/campaigns/" + campaign + "/activation", "",
				"demo-a-" + campaign, manager);
		if (!check("Ops run a Singles' Day campaign: spend 300 get 50, and a drop of 5,000 coupons",
				activated.ok() && activated.body().path("campaign").path("status").asString().equals("ACTIVE"),
				activated.status() + " " + activated.body().path("campaign").path("status").asString())) {
			return false;
		}
		String key = "demo-claim-" + campaign;
		Storefront.Answer claimed = this.gateway.post("/api/promotions/coupons/" + campaign + "-DROP/claim", "", key,
				memberToken);
		Storefront.Answer again = this.gateway.post("/api/promotions/coupons/" + campaign + "-DROP/claim", "", key,
				memberToken);
		if (!check("The member claims a coupon (retried tap: same coupon, no second one)",
				claimed.status() == 201 && again.body().path("couponId").equals(claimed.body().path("couponId")),
				claimed.status() + " valid until " + claimed.body().path("validUntil").asString())) {
			return false;
		}
		String cart = """
				{"channel": "APP", "currency": "CNY", "shippingFeeMinor": 1000,
				 "lines": [{"sku": "DEMO-JACKET", "quantity": 2, "unitPriceMinor": 19900}]}""";
		Storefront.Answer quote = this.gateway.post("/api/promotions/quote", cart, null, memberToken);
		long payable = quote.body().path("payableMinor").asLong();
		return check("The cart is priced with the best stack: 398.00 - 50 - 20 + 10 shipping", payable == 33800,
				"payable " + payable + " fen; applied " + quote.body().path("applied").size() + " of "
						+ quote.body().path("considered").size() + " considered");
	}

	// The member orders two jackets through the gateway (stock reserved, coupon and
	// budget
	// locked, exact payable), pays with the simulated provider (a signed callback through
	// the gateway), ops ship and deliver, member-service credits points, and a return of
	// one jacket is refunded at what it was paid.
	private boolean order(String manager, String memberToken, String webToken, String sku) {
		this.gateway.put("/admin/fulfillment/products/" + sku,
				"{\"name\": \"Down jacket\", \"category\": \"OUTERWEAR\", \"brand\": \"NORTH\", "
						+ "\"unitPriceMinor\": 19900, \"currency\": \"CNY\"}",
				manager);
		// Two carriers: the cheaper one takes 96 hours, too slow for the 72-hour promise.
		this.gateway.put("/admin/fulfillment/carriers/SLOWPOST", """
				{"name": "Slow Post", "webhookSecret": "slow-post-local-dev-only", "rates": [
				  {"serviceLevel": "ECONOMY", "zone": "NATIONAL", "costMinor": 600, "transitHours": 96}]}""", manager);
		this.gateway.put("/admin/fulfillment/carriers/SWIFT", """
				{"name": "Swift Express", "webhookSecret": "swift-express-local-dev-only", "rates": [
				  {"serviceLevel": "STANDARD", "zone": "NATIONAL", "costMinor": 900, "transitHours": 48},
				  {"serviceLevel": "EXPRESS", "zone": "NATIONAL", "costMinor": 1800, "transitHours": 24}]}""", manager);
		long pendingBefore = this.gateway.get("/api/members/me/points", memberToken).body().path("pending").asLong();
		String memberId = this.gateway.get("/api/members/me", memberToken).body().path("id").asString("");
		// A status match: ops grant the member Gold for a month (5% member price, free
		// shipping).
		Storefront.Answer gold = this.gateway.put("/admin/members/" + memberId + "/tier-grant", """
				{"tier": "GOLD", "until": "%s", "reason": "demo: status match"}"""
			.formatted(Instant.now().plus(Duration.ofDays(30))), manager);
		if (!check("Ops grant the member Gold for a month (PUT /admin/members/{id}/tier-grant, audited)",
				gold.ok() && gold.body().path("tier").asString().equals("GOLD"),
				gold.status() + " " + gold.body().path("tier").asString(gold.raw()))) {
			return false;
		}
		// One cart across channels: filled on the web, priced and checked out on the app.
		Storefront.Answer filled = this.gateway.put("/api/cart", """
				{"lines": [{"sku": "%s", "quantity": 2}], "pointsToRedeem": 200}""".formatted(sku), webToken);
		if (!check("The member fills a cart on the web: 2 jackets, 200 points (PUT /api/cart)",
				filled.ok() && filled.body().path("lines").path(0).path("quantity").asInt() == 2,
				filled.status() + " version " + filled.body().path("version").asLong() + " on "
						+ filled.body().path("channel").asString())) {
			return false;
		}
		// Gold reaches promotion-service as TierChanged over Kafka: the next quote has
		// it.
		Storefront.Answer onApp = poll(() -> this.gateway.get("/api/cart", memberToken),
				(cart) -> cart.body().path("totals").path("payableMinor").asLong() == 31060);
		if (!check(
				"The same cart on the app, priced for a Gold member: 398.00 - 50 (spend 300) - 17.40 (Gold 5%) "
						+ "- 20 (coupon), shipping free for Gold; jackets in stock",
				onApp.ok() && onApp.body().path("totals").path("payableMinor").asLong() == 31060
						&& onApp.body().path("totals").path("promotions").toString().contains("\"group\":\"MEMBER\"")
						&& onApp.body().path("lines").path(0).path("availability").asString().equals("IN_STOCK"),
				onApp.status() + " payable " + onApp.body().path("totals").path("payableMinor").asLong() + ", "
						+ onApp.body().path("lines").path(0).path("availability").asString() + " "
						+ onApp.body().path("notices"))) {
			return false;
		}
		Storefront.Answer placed = this.gateway.post("/api/cart/checkout", """
				{"cartVersion": %d, "shippingAddress": {"name": "Demo Shopper", "phone": "+8613900000000",
				 "region": "CN-SH", "city": "Shanghai", "line1": "1 Bund"}}"""
			.formatted(onApp.body().path("version").asLong()), "demo-order-" + sku, memberToken);
		String orderId = placed.body().path("orderId").asString("");
		long balanceAfterOrder = this.gateway.get("/api/members/me/points", memberToken)
			.body()
			.path("balance")
			.asLong(-1);
		if (!check(
				"The member checks the cart out: stock reserved, coupon locked, 200 points debited "
						+ "in the saga, 310.60 - 2.00 = 308.60 to pay (POST /api/cart/checkout on the app)",
				placed.status() == 201 && placed.body().path("payableMinor").asLong() == 30860
						&& placed.body().path("pointsValueMinor").asLong() == 200 && balanceAfterOrder == 300,
				placed.status() + " " + orderId + " " + placed.body().path("status").asString() + " payable "
						+ placed.body().path("payableMinor").asLong() + ", points paid "
						+ placed.body().path("pointsValueMinor").asLong() + ", balance " + balanceAfterOrder + " "
						+ placed.body().path("detail").asString(""))) {
			return false;
		}
		Storefront.Answer emptied = this.gateway.get("/api/cart", webToken);
		if (!check("Checked out: the cart is empty on every channel",
				emptied.ok() && emptied.body().path("lines").isEmpty(),
				emptied.status() + " lines " + emptied.body().path("lines"))) {
			return false;
		}
		Storefront.Answer paid = this.fulfillmentService.post("/dev/payment-provider/payments",
				"{\"orderId\": \"" + orderId + "\"}", null);
		Storefront.Answer afterPayment = this.gateway.get("/api/orders/" + orderId, memberToken);
		if (!check("The simulated provider's signed callback pays it (POST /webhooks/payments/simulated)",
				List.of("PAID", "ALLOCATED").contains(afterPayment.body().path("status").asString()),
				"callback " + paid.body().path("callbackStatus").asInt() + ", order "
						+ afterPayment.body().path("status").asString())) {
			return false;
		}
		Storefront.Answer parcels = this.gateway.get("/admin/fulfillment/orders/" + orderId + "/shipments", manager);
		String tracking = parcels.body().path(0).path("trackingNumber").asString("");
		if (!check("It is allocated at once: one parcel from WH-SH with the cheapest carrier that keeps 72 h",
				parcels.body().size() == 1 && parcels.body().path(0).path("carrierCode").asString().equals("SWIFT"),
				parcels.body().path(0).path("source").asString() + " via "
						+ parcels.body().path(0).path("carrierCode").asString() + " "
						+ parcels.body().path(0).path("serviceLevel").asString() + ", tracking " + tracking)) {
			return false;
		}
		for (String scan : List.of("PICKED_UP", "IN_TRANSIT", "DELIVERED")) {
			this.fulfillmentService.post("/dev/carriers/SWIFT/scans",
					"{\"trackingNumber\": \"" + tracking + "\", \"status\": \"" + scan + "\"}", null);
		}
		Storefront.Answer delivered = this.gateway.get("/api/orders/" + orderId, memberToken);
		if (!check("The carrier's signed tracking callbacks ship and deliver it (POST /webhooks/carriers/SWIFT)",
				delivered.body().path("status").asString().equals("DELIVERED"),
				delivered.body().path("status").asString())) {
			return false;
		}
		long pending = poll(() -> this.gateway.get("/api/members/me/points", memberToken),
				(points) -> points.body().path("pending").asLong() > pendingBefore)
			.body()
			.path("pending")
			.asLong();
		if (!check("member-service credits points for the delivered order (OrderDelivered over Kafka)",
				pending > pendingBefore, "pending points " + pendingBefore + " -> " + pending)) {
			return false;
		}
		Storefront.Answer inbox = poll(() -> this.memberService.get("/dev/notifications?memberId=" + memberId),
				(messages) -> messages.body().size() >= 2);
		String told = inbox.body().findValuesAsString("title").toString();
		if (!check(
				"member-service told the member by SMS that the order shipped and arrived (no payment reminder: "
						+ "it was paid; GET /dev/notifications)",
				inbox.body().size() == 2 && told.contains("您的订单已发货") && told.contains("您的订单已送达")
						&& inbox.body().path(0).path("channel").asString().equals("SMS"),
				inbox.body().size() + " messages " + told)) {
			return false;
		}
		Storefront.Answer requested = this.gateway.post("/api/returns", """
				{"orderId": "%s", "lines": [{"sku": "%s", "quantity": 1}], "reason": "too warm"}""".formatted(orderId,
				sku), "demo-return-" + orderId, memberToken);
		Storefront.Answer received = this.gateway.post(
				"/admin/fulfillment/returns/" + requested.body().path("returnId").asString() + "/receipt", "",
				"demo-receipt-" + orderId, manager);
		// Each jacket carried half of the 87.40 off (50 + 17.40 + 20): 19,900 - 4,370 =
		// 15,530, of which half the line's 200 points paid: 154.30 in money and 100
		// points
		// back.
		long balanceAfterReturn = this.gateway.get("/api/members/me/points", memberToken)
			.body()
			.path("balance")
			.asLong(-1);
		if (!check("One jacket comes back: refunded at what it was paid, in money and points",
				received.body().path("refundMinor").asLong() == 15430
						&& received.body().path("pointsRestored").asLong() == 100 && balanceAfterReturn == 400,
				requested.status() + " " + received.status() + " refund " + received.body().path("refundMinor").asLong()
						+ " fen and " + received.body().path("pointsRestored").asLong() + " points, balance "
						+ balanceAfterReturn)) {
			return false;
		}
		return protect(manager, memberToken, orderId, sku);
	}

	// Ops price the jacket across channels (every channel 199.00 against a list price of
	// 259.00, the web 189.00) under a hard 15% consistency rule; a web price 20% below is
	// refused unless overridden (audited); shoppers read prices anonymously; a competitor
	// feed's signed observation 15% below opens an undercut alert, an unsigned one is
	// refused.
	private boolean price(String manager, String viewer, String sku) {
		String group = "DEMO-" + sku.substring(sku.length() - 6);
		this.gateway.post("/admin/promotions/prices/groups",
				"{\"id\": \"%s\", \"name\": \"Demo jackets\", \"skus\": [\"%s\"]}".formatted(group, sku), null,
				manager);
		Storefront.Answer rule = this.gateway.post("/admin/promotions/prices/groups/" + group + "/rules",
				"{\"kind\": \"MAX_DIFFERENCE\", \"maxDifferencePercent\": 15, \"severity\": \"HARD\"}", null, manager);
		String entry = "{\"sku\": \"%s\", \"channel\": \"%s\", \"currency\": \"CNY\", \"listPriceMinor\": 25900, "
				+ "\"sellingPriceMinor\": %d, \"reason\": \"%s\"%s}";
		Storefront.Answer all = this.gateway.post("/admin/promotions/prices",
				entry.formatted(sku, "ALL", 19900, "demo: winter price", ""), null, manager);
		Storefront.Answer web = this.gateway.post("/admin/promotions/prices",
				entry.formatted(sku, "WEB", 18900, "demo: web exclusive", ""), null, manager);
		if (!check("Ops price the jacket: every channel 199.00 (list 259.00), the web 189.00, under a hard 15% rule",
				rule.status() == 201 && all.status() == 201 && web.status() == 201, "rule " + rule.status() + ", ALL "
						+ all.status() + ", WEB " + web.status() + " " + web.body().path("detail").asString(""))) {
			return false;
		}
		String read = "/api/prices?skus=" + sku + "&currency=CNY&channel=";
		Storefront.Answer onApp = this.gateway.get(read + "APP");
		Storefront.Answer onWeb = this.gateway.get(read + "WEB");
		long app = onApp.body().path("prices").path(0).path("sellingPriceMinor").asLong();
		long webPrice = onWeb.body().path("prices").path(0).path("sellingPriceMinor").asLong();
		if (!check("Shoppers read each channel's price, list and 30-day reference price (GET /api/prices, anonymous)",
				app == 19900 && webPrice == 18900 && onApp.header("Cache-Control").contains("public"),
				"app " + app + " (list " + onApp.body().path("prices").path(0).path("listPriceMinor").asLong()
						+ ", reference " + onApp.body().path("prices").path(0).path("referencePriceMinor").asLong()
						+ "), web " + webPrice + ", " + onApp.header("Cache-Control"))) {
			return false;
		}
		Storefront.Answer refused = this.gateway.post("/admin/promotions/prices",
				entry.formatted(sku, "WEB", 15900, "demo: too deep", ""), null, manager);
		Storefront.Answer overridden = this.gateway.post("/admin/promotions/prices", entry.formatted(sku, "WEB", 15900,
				"demo: flash sale approved by the category head", ", \"override\": true"), null, manager);
		Storefront.Answer audit = this.gateway.get("/admin/promotions/prices/overrides", viewer);
		if (!check("A web price 20% below the others breaks the hard rule: refused (409), then overridden and audited",
				refused.status() == 409 && refused.body().path("type").asString().endsWith("/price-rule-violated")
						&& overridden.status() == 201 && overridden.body().path("overridden").asBoolean()
						&& audit.raw().contains(sku),
				"refused " + refused.status() + ", override " + overridden.status() + ", audit entries "
						+ audit.body().size())) {
			return false;
		}
		String source = "demo-watch-" + group.toLowerCase();
		String secret = "competitor-feed-local-dev-only";
		this.gateway.put("/admin/promotions/competitors/sources/" + source,
				"{\"name\": \"Demo price watch\", \"webhookSecret\": \"%s\"}".formatted(secret), manager);
		Storefront.Answer mapped = this.gateway.put(
				"/admin/promotions/competitors/sources/" + source + "/mappings/JD-" + group,
				"{\"sku\": \"%s\"}".formatted(sku), manager);
		String observation = """
				{"observations": [{"competitorProductId": "JD-%s", "priceMinor": 16900, "currency": "CNY",
				 "inStock": true, "observedAt": "%s"}]}""".formatted(group, Instant.now().minusSeconds(5));
		String feed = "/webhooks/competitors/" + source + "/observations";
		Storefront.Answer unsigned = this.gateway.post(feed, observation, null);
		Storefront.Answer signed = this.gateway.postSigned(feed, observation, secret);
		Storefront.Answer alerts = this.gateway.get("/admin/promotions/competitors/alerts?status=OPEN", viewer);
		return check(
				"A competitor feed's signed observation (169.00, in stock) opens an undercut alert; an unsigned one "
						+ "is refused (401)",
				mapped.ok() && unsigned.status() == 401 && signed.ok()
						&& signed.body().path("alertsOpened").asInt() == 1 && alerts.raw().contains(sku),
				"mapping " + mapped.status() + ", unsigned " + unsigned.status() + ", signed " + signed.status() + " "
						+ signed.raw());
	}

	// The jacket's price drops to 149.00 after the order: the member claims price
	// protection (保价) for the jacket they kept and is refunded the difference once.
	private boolean protect(String manager, String memberToken, String orderId, String sku) {
		Storefront.Answer dropped = this.gateway.post("/admin/promotions/prices", """
				{"sku": "%s", "channel": "ALL", "currency": "CNY", "listPriceMinor": 25900,
				 "sellingPriceMinor": 14900, "reason": "demo: clearance"}""".formatted(sku), null, manager);
		// PriceChanged reaches fulfillment-service over Kafka; until then nothing
		// dropped.
		Storefront.Answer claimed = poll(
				() -> this.gateway.post("/api/orders/" + orderId + "/price-protection", "", null, memberToken),
				(answer) -> answer.body().path("refundedMinor").asLong() > 0);
		Storefront.Answer again = this.gateway.post("/api/orders/" + orderId + "/price-protection", "", null,
				memberToken);
		return check(
				"The price drops to 149.00 (PriceChanged over Kafka): the member claims price protection for the kept "
						+ "jacket, refunded the difference once (POST /api/orders/{id}/price-protection)",
				dropped.status() == 201 && claimed.ok() && claimed.body().path("refundedMinor").asLong() > 0
						&& again.body().path("refundedMinor").asLong() == 0
						&& again.body().path("lines").path(0).path("reason").asString().equals("already-claimed"),
				"drop " + dropped.status() + ", claim " + claimed.status() + " " + claimed.raw() + ", again "
						+ again.body().path("lines").path(0).path("reason").asString(again.raw()));
	}

	// A Tmall flagship store (the local stack's simulated marketplace) sells the jacket
	// too: its connector tells Tmall what it may sell (available less a 10-unit buffer)
	// and at what price; a Tmall sale arrives on the signed webhook through the gateway,
	// is placed through the same saga as the app's orders and paid by the platform; it is
	// shipped and delivered like any order, and its tracking number goes back to Tmall.
	private boolean marketplace(String manager, String sku) {
		String shop = "tmall-flagship";
		String platformSku = "TM-" + sku;
		this.gateway.put("/admin/inventory/channels/TMALL/locations", "{\"locations\": [\"WH-SH\"]}", manager);
		this.fulfillmentService.put("/dev/marketplace/" + shop,
				"""
						{"apiKey": "%s", "connectorId": "%s", "webhookBaseUrl": "%s", "webhookSecret": "%s", "currency": "CNY"}"""
					.formatted(LocalStack.MARKETPLACE_API_KEY, shop, this.gatewayUrl,
							LocalStack.MARKETPLACE_WEBHOOK_SECRET),
				null);
		Storefront.Answer connector = this.gateway.put("/admin/fulfillment/connectors/" + shop, """
				{"platform": "SIMULATED_MARKETPLACE", "displayName": "Tmall flagship store", "channel": "TMALL",
				 "baseUrl": "%s/dev/marketplace/%s", "apiSecretRef": "%s", "webhookSecretRef": "%s",
				 "stockBuffer": 10, "pushesPerSecond": 20, "pullEverySeconds": 30, "resyncEverySeconds": 900,
				 "dispatchWithinHours": 48}""".formatted(this.fulfillmentUrl, shop,
				LocalStack.MARKETPLACE_API_SECRET_REF, LocalStack.MARKETPLACE_WEBHOOK_SECRET_REF), manager);
		Storefront.Answer mapped = this.gateway.put("/admin/fulfillment/connectors/" + shop + "/skus",
				"{\"skus\": [{\"platformSku\": \"%s\", \"sku\": \"%s\"}]}".formatted(platformSku, sku), manager);
		Storefront.Answer synced = poll(
				() -> this.gateway.get("/admin/fulfillment/connectors/" + shop + "/stock", manager),
				(answer) -> answer.body().path(0).path("pushedAt").isString()
						&& !answer.body().path(0).path("pending").asBoolean(true)
						&& answer.body().path(0).path("price").path("pushedSellingPriceMinor").isNumber());
		Storefront.Answer onTmall = poll(() -> this.fulfillmentService.get("/dev/marketplace/" + shop + "/sim"),
				(answer) -> answer.body().path("prices").has(platformSku));
		JsonNode line = synced.body().path(0);
		int told = onTmall.body().path("stock").path(platformSku).path("quantity").asInt(-1);
		if (!check("Ops connect a Tmall flagship store (simulated marketplace; PUT /admin/fulfillment/connectors/"
				+ shop + "): the connector tells Tmall what the TMALL channel may sell, less a 10-unit buffer, and the "
				+ "price (StockChanged and PriceChanged over Kafka)",
				connector.ok() && mapped.ok() && line.path("sellable").asInt() == line.path("available").asInt() - 10
						&& told == line.path("pushedQuantity").asInt()
						&& onTmall.body().path("prices").path(platformSku).path("sellingPriceMinor").asLong() == line
							.path("price")
							.path("pushedSellingPriceMinor")
							.asLong(),
				"available " + line.path("available").asInt() + ", Tmall may sell " + told + " at "
						+ onTmall.body().path("prices").path(platformSku).path("sellingPriceMinor").asLong() / 100.0
						+ " CNY, pushed " + line.path("ageSeconds").asLong() + " s ago")) {
			return false;
		}
		Storefront.Answer bought = this.fulfillmentService.post("/dev/marketplace/" + shop + "/sim/buy",
				"{\"platformSku\": \"%s\", \"quantity\": 1, \"buyerId\": \"tb-demo-buyer\"}".formatted(platformSku),
				null);
		String platformOrderId = bought.body().path("order").path("platformOrderId").asString("");
		Storefront.Answer pulled = this.gateway.post("/admin/fulfillment/connectors/" + shop + "/orders/pull", "", null,
				manager);
		Storefront.Answer received = poll(
				() -> this.gateway.get("/admin/fulfillment/connectors/" + shop + "/orders?limit=5", manager),
				(answer) -> platformOrderId.equals(answer.body().path(0).path("platformOrderId").asString())
						&& answer.body().path(0).path("status").asString().equals("PLACED"));
		JsonNode platformOrder = received.body().path(0);
		String orderId = platformOrder.path("orderId").asString("");
		Storefront.Answer placed = this.gateway.get("/admin/fulfillment/orders/" + orderId, manager);
		if (!check(
				"A Tmall shopper buys a jacket: the signed webhook (through the gateway) and the pull bring it "
						+ "twice, one order is placed through the same saga, paid by the platform",
				bought.status() == 200 && pulled.ok() && platformOrder.path("status").asString().equals("PLACED")
						&& platformOrder.path("duplicates").asInt() >= 1
						&& List.of("PAID", "ALLOCATED").contains(placed.body().path("order").path("status").asString()),
				platformOrderId + " -> " + orderId + " " + placed.body().path("order").path("status").asString()
						+ " on " + placed.body().path("order").path("channel").asString() + ", paid "
						+ placed.body().path("order").path("payableMinor").asLong() / 100.0 + " CNY, seen "
						+ (1 + platformOrder.path("duplicates").asInt()) + " times")) {
			return false;
		}
		Storefront.Answer parcels = this.gateway.get("/admin/fulfillment/orders/" + orderId + "/shipments", manager);
		String carrier = parcels.body().path(0).path("carrierCode").asString("SWIFT");
		String tracking = parcels.body().path(0).path("trackingNumber").asString("");
		for (String scan : List.of("PICKED_UP", "IN_TRANSIT", "DELIVERED")) {
			this.fulfillmentService.post("/dev/carriers/" + carrier + "/scans",
					"{\"trackingNumber\": \"" + tracking + "\", \"status\": \"" + scan + "\"}", null);
		}
		Storefront.Answer delivered = poll(() -> this.gateway.get("/admin/fulfillment/orders/" + orderId, manager),
				(answer) -> answer.body().path("order").path("status").asString().equals("DELIVERED"));
		Storefront.Answer tracked = poll(() -> this.fulfillmentService.get("/dev/marketplace/" + shop + "/sim"),
				(answer) -> answer.body().path("shipments").toString().contains(tracking));
		return check("It ships and is delivered like the app's order; the tracking number reaches Tmall",
				delivered.body().path("order").path("status").asString().equals("DELIVERED")
						&& tracked.body().path("shipments").toString().contains(tracking),
				delivered.body().path("order").path("status").asString() + ", " + carrier + " " + tracking
						+ " on Tmall");
	}

	// Ops request a forecast run; the forecast job process (its own JVM, not the one
	// taking reservations) claims it and stores the jacket's forecast with the model's
	// name and version.
	private boolean forecast(String manager, String viewer, String sku) {
		// 409 while another run (e.g. the nightly one, due when the stack starts) is
		// under
		// way: it may have started before the jacket was stocked, so ask again after it.
		Storefront.Answer requested = poll(
				() -> this.gateway.post("/admin/inventory/forecasts/runs", "{}", null, manager),
				(answer) -> answer.status() != 409, Duration.ofMinutes(3));
		if (requested.status() != 202) {
			return check("Ops request a forecast run (POST /admin/inventory/forecasts/runs)", false,
					requested.status() + " " + requested.raw());
		}
		long run = requested.body().path("id").asLong();
		// Training the catalogue's model takes a while on a laptop.
		Storefront.Answer done = poll(() -> this.gateway.get("/admin/inventory/forecasts/runs/" + run, viewer),
				(answer) -> List.of("SUCCEEDED", "FAILED").contains(answer.body().path("status").asString()),
				Duration.ofMinutes(3));
		JsonNode model = done.body().path("model");
		if (!check("Ops request a forecast run; the forecast job process carries it out",
				done.body().path("status").asString().equals("SUCCEEDED"),
				done.body().path("status").asString() + ": " + model.path("name").asString() + " v"
						+ model.path("version").asString() + ", run " + run + " by "
						+ done.body().path("runner").asString() + ", " + done.body().path("series").asInt() + " series "
						+ done.body().path("models") + " " + done.body().path("failure").asString(""))) {
			return false;
		}
		Storefront.Answer forecast = this.gateway.get("/admin/inventory/forecasts/" + sku, viewer);
		JsonNode location = forecast.body().path(0);
		double week = 0;
		for (int d = 0; d < 7; d++) {
			week += location.path("days").path(d).path("mean").asDouble();
		}
		return check("The jacket's forecast names the model that made it (GET /admin/inventory/forecasts/{sku})",
				forecast.ok() && location.path("runId").asLong() == run
						&& !location.path("modelName").asString("").isEmpty(),
				location.path("location").asString() + ": %.1f jackets over the next 7 days, ".formatted(week)
						+ location.path("modelName").asString() + " v" + location.path("modelVersion").asString()
						+ ", run " + run + " (this series: " + location.path("model").asString() + ")");
	}

	/**
	 * Reads until the answer shows what an event (crossing Kafka asynchronously) should
	 * have done, for up to 30 seconds; returns the last answer either way.
	 */
	private static Storefront.Answer poll(java.util.function.Supplier<Storefront.Answer> read,
			java.util.function.Predicate<Storefront.Answer> done) {
		return poll(read, done, Duration.ofSeconds(30));
	}

	/**
	 * Reads until {@code done}, for up to {@code timeout}; the last answer either way.
	 */
	private static Storefront.Answer poll(java.util.function.Supplier<Storefront.Answer> read,
			java.util.function.Predicate<Storefront.Answer> done, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Storefront.Answer answer;
		do {
			answer = read.get();
			if (done.test(answer)) {
				return answer;
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return answer;
			}
		}
		while (System.nanoTime() < deadline);
		return answer;
	}

	private boolean check(String step, boolean passed, String result) {
		this.out.step((passed ? "PASS " : "FAIL ") + step, result);
		return passed;
	}

}
