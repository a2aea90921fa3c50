package io.concord.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.concord.local.DevMembers;

/**
 * The sale, prepared through the gateway before the first shopper arrives, as ops would:
 * well-stocked SKUs and a scarce one (it sells out during the run: a designed refusal),
 * their products, a campaign with an automatic spend threshold and a coupon drop smaller
 * than the crowd, and members signed in on the open channels (one-time codes from
 * member-service's dev mailbox, as {@link DevMembers} reads them).
 */
final class SaleData {

	static final String WAREHOUSE = "WH-PEAK";

	static final long PRICE_MINOR = 19900;

	/** Every tenth checkout goes for the scarce SKU. */
	static final int SCARCE_UNITS = 20;

	/**
	 * Codes per identity and purpose per hour (member-service's default is 5; the
	 * registration used one).
	 */
	static final int SIGN_INS_PER_MEMBER = 4;

	final List<String> skus;

	final String scarceSku;

	final String campaign;

	final String dropTemplate;

	final int dropQuantity;

	/** Members who check out (never claim: a claimed coupon would join their orders). */
	final List<DevMembers.Registered> shoppers;

	/** Members who sign in during the run and claim from the drop. */
	final List<DevMembers.Registered> crowd;

	final String opsViewer;

	private final AtomicLong nextShopper = new AtomicLong();

	private final AtomicLong nextCrowd = new AtomicLong();

	private final AtomicLong nextSignIn = new AtomicLong();

	private SaleData(List<String> skus, String scarceSku, String campaign, String dropTemplate, int dropQuantity,
			List<DevMembers.Registered> shoppers, List<DevMembers.Registered> crowd, String opsViewer) {
		this.skus = skus;
		this.scarceSku = scarceSku;
		this.campaign = campaign;
		this.dropTemplate = dropTemplate;
		this.dropQuantity = dropQuantity;
		this.shoppers = shoppers;
		this.crowd = crowd;
		this.opsViewer = opsViewer;
	}

	static SaleData prepare(Target target, LoadSettings settings, Map<String, String> shadow) {
		// Prepared as the run's own data (tagged): the run never touches real stock,
		// promotions or members, and the purge at the end removes all of it.
		Api gateway = new Api(target.gateway, shadow);
		Api issuer = new Api(target.staffIssuer);
		String ops = issuer.staffToken("ops-manager");
		String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
		String warehouse = WAREHOUSE + "-" + run;
		gateway
			.put("/admin/inventory/locations/" + warehouse, ops,
					"{\"name\":\"Peak DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-SH\"}")
			.ok("The warehouse");
		for (String channel : List.of("APP", "WEB")) {
			gateway
				.put("/admin/inventory/channels/" + channel + "/locations", ops,
						"{\"locations\":[\"" + warehouse + "\"]}")
				.ok("The " + channel + " channel's route");
		}
		List<String> skus = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			skus.add(sku(gateway, ops, warehouse, "PEAK-" + run + "-" + i, 1_000_000));
		}
		String scarce = sku(gateway, ops, warehouse, "SCARCE-" + run, SCARCE_UNITS);

		// The crowd signs in again during the run (within its hourly code limit) and
		// claims
		// once each: the drop is smaller than the crowd, so it runs out (another designed
		// refusal).
		double signIns = settings.mode().equals(LoadSettings.STEP) ? 0
				: 1.5 * settings.rate() * settings.length().toSeconds();
		int crowdSize = (int) Math.max(10, Math.ceil(signIns / SIGN_INS_PER_MEMBER) + 5);
		int dropQuantity = Math.max(5, crowdSize * 3 / 4);
		String campaign = "PEAK-" + run;
		String template = campaign + "-DROP";
		Instant start = Instant.now().minusSeconds(60);
		gateway
			.post("/admin/promotions/campaigns", ops, "c-" + campaign,
					"""
							{"id": "%s", "name": "Peak rehearsal", "startsAt": "%s", "endsAt": "%s"}"""
						.formatted(campaign, start, start.plus(Duration.ofDays(2))))
			.ok("The campaign");
		gateway.post("/admin/promotions/campaigns/" + campaign + "/promotions", ops, "t-" + campaign, """
				{"id": "%s-300-50", "name": "Spend 300, get 50 off", "kind": "SPEND_THRESHOLD",
				 "activation": "AUTOMATIC", "stackingGroup": "ORDER", "currency": "CNY", "budgetMinor": 10000000000,
				 "rule": {"tiers": [{"spendMinor": 30000, "offMinor": 5000}]}}""".formatted(campaign))
			.ok("The spend threshold");
		gateway
			.post("/admin/promotions/campaigns/" + campaign + "/promotions", ops, "d-" + campaign,
					"""
							{"id": "%s", "name": "20 off 100 (midnight drop)", "kind": "AMOUNT_OFF", "activation": "COUPON",
							 "stackingGroup": "COUPON", "currency": "CNY", "rule": {"amountOffMinor": 2000, "minSpendMinor": 10000},
							 "coupon": {"totalQuantity": %d, "perMemberLimit": 1, "validDays": 2}}"""
						.formatted(template, dropQuantity))
			.ok("The coupon drop");
		gateway.post("/admin/promotions/campaigns/" + campaign + "/activation", ops, "a-" + campaign, "")
			.ok("Activating the campaign");

		DevMembers members = new DevMembers(target.gateway, target.memberService, target.staffIssuer, shadow);
		int shopperCount = settings.shoppers();
		List<DevMembers.Registered> shoppers = register(members, shopperCount, "APP");
		List<DevMembers.Registered> crowd = register(members, settings.mode().equals(LoadSettings.STEP) ? 0 : crowdSize,
				"WEB");
		System.out.printf("Sale %s: SKUs %s and %s (%d units), drop of %d coupons, %d shoppers, %d in the crowd%n",
				campaign, skus, scarce, SCARCE_UNITS, dropQuantity, shoppers.size(), crowd.size());
		return new SaleData(List.copyOf(skus), scarce, campaign, template, dropQuantity, shoppers, crowd,
				issuer.staffToken("ops-viewer"));
	}

	private static String sku(Api gateway, String ops, String warehouse, String sku, int units) {
		gateway.put("/admin/inventory/skus/" + sku, ops, "{\"name\":\"Down jacket " + sku + "\"}").ok("SKU " + sku);
		gateway
			.post("/admin/inventory/adjustments", ops, "stock-" + sku,
					"{\"sku\":\"" + sku + "\",\"location\":\"" + warehouse + "\",\"quantity\":" + units
							+ ",\"reason\":\"INITIAL_COUNT\"}")
			.ok("Stocking " + sku);
		gateway
			.put("/admin/fulfillment/products/" + sku, ops,
					"{\"name\":\"Down jacket\",\"category\":\"OUTERWEAR\",\"brand\":\"NORTH\",\"unitPriceMinor\":"
							+ PRICE_MINOR + ",\"currency\":\"CNY\"}")
			.ok("The product " + sku);
		return sku;
	}

	private static List<DevMembers.Registered> register(DevMembers members, int count, String channel) {
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<DevMembers.Registered>> made = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				made.add(pool.submit(() -> members.register(channel)));
			}
			List<DevMembers.Registered> registered = new ArrayList<>();
			for (Future<DevMembers.Registered> member : made) {
				registered.add(member.get());
			}
			return List.copyOf(registered);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not register the members", ex);
		}
	}

	/**
	 * The next shopper, round robin (each holds several orders over the run): one
	 * checkout in ten goes for the scarce SKU, one in ten cancels instead of paying.
	 */
	Map<String, Object> shopper() {
		long n = this.nextShopper.getAndIncrement();
		DevMembers.Registered shopper = this.shoppers.get((int) (n % this.shoppers.size()));
		String sku = (n % 10 == 9) ? this.scarceSku : this.skus.get((int) (n % this.skus.size()));
		return Map.of("token", shopper.token(), "sku", sku, "checkoutKey", "peak-" + UUID.randomUUID(), "pays",
				n % 10 != 4);
	}

	/**
	 * A shopper on a well-stocked SKU who pays (the step mode measures checkout alone).
	 */
	Map<String, Object> payingShopper() {
		long n = this.nextShopper.getAndIncrement();
		DevMembers.Registered shopper = this.shoppers.get((int) (n % this.shoppers.size()));
		return Map.of("token", shopper.token(), "sku", this.skus.get((int) (n % this.skus.size())), "checkoutKey",
				"step-" + UUID.randomUUID(), "pays", true);
	}

	/** The next member of the crowd to sign in (each at most four times over the run). */
	Map<String, Object> signingIn() {
		DevMembers.Registered member = this.crowd.get((int) (this.nextSignIn.getAndIncrement() % this.crowd.size()));
		return Map.of("phone", member.phone());
	}

	/**
	 * The next member of the crowd to tap "claim" (a second tap is refused by the limit).
	 */
	Map<String, Object> claimant() {
		DevMembers.Registered member = this.crowd.get((int) (this.nextCrowd.getAndIncrement() % this.crowd.size()));
		return Map.of("token", member.token(), "claimKey", "claim-" + UUID.randomUUID());
	}

}
