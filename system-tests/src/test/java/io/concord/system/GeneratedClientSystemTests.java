package io.concord.system;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concord.client.fulfillment.api.OrdersApi;
import io.concord.client.fulfillment.model.AddressRequest;
import io.concord.client.fulfillment.model.OrderView;
import io.concord.client.fulfillment.model.PlaceOrderRequest;
import io.concord.client.inventory.api.AvailabilityApi;
import io.concord.client.inventory.model.Availability;
import io.concord.client.member.api.MembersApi;
import io.concord.client.member.api.SignInApi;
import io.concord.client.member.model.IdentityClaim;
import io.concord.client.member.model.Identifier;
import io.concord.client.member.model.MemberView;
import io.concord.client.member.model.RegisterMember;
import io.concord.client.member.model.RegistrationResult;
import io.concord.client.member.model.RequestCode;
import io.concord.client.member.model.TokenRequest;
import io.concord.client.member.model.TokenResponse;
import io.concord.client.promotion.api.CouponsApi;
import io.concord.client.promotion.api.QuotesApi;
import io.concord.client.promotion.model.LineRequest;
import io.concord.client.promotion.model.Quote;
import io.concord.client.promotion.model.QuoteRequest;
import io.concord.client.promotion.model.WalletCoupon;
import io.concord.local.LocalStack;
import io.concord.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A storefront built on the generated Java client (api-clients, generated from the
 * committed public OpenAPI documents) walks a whole journey through the gateway:
 * register, sign in, read availability, claim a coupon, quote, order, pay through the
 * simulated provider and read the order. The client reads answers strictly (an
 * undocumented field or enum value fails), so a document that lies about a request or an
 * answer fails this test. Ops set up the catalogue with the admin API and the payment is
 * made by the development provider, neither of which is in the public documents.
 */
class GeneratedClientSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String CHANNEL = "MINI_PROGRAM";

	@Test
	void aStorefrontOnTheGeneratedClientRegistersSignsInClaimsQuotesOrdersPaysAndReadsItsOrder() {
		LocalStack stack = SystemStack.get();
		String manager = stack.staffToken("ops-manager");
		String suffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		String sku = "GEN-TEA-" + suffix;
		String campaign = "GEN-" + suffix;
		stockAndPrice(stack, manager, sku);
		runCampaign(stack, manager, campaign);
		// The mini-program's backend signs its calls with its channel client token.
		String backend = stack.staffToken("channel-mini-program");

		// Register with a verified phone, then sign in with a one-time code.
		String phone = "+86137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
		MembersApi anonymousMembers = new MembersApi(member(stack, backend));
		anonymousMembers.requestVerificationCode(new RequestCode().type(RequestCode.TypeEnum.PHONE).value(phone), null,
				null);
		RegistrationResult registered = anonymousMembers.registerMember("gen-register-" + suffix,
				new RegisterMember().displayName("Generated Client")
					.channel(RegisterMember.ChannelEnum.MINI_PROGRAM)
					.identities(List.of(new IdentityClaim().type(IdentityClaim.TypeEnum.PHONE)
						.value(phone)
						.verificationCode(code(stack, phone)))),
				null);
		SignInApi signIn = new SignInApi(member(stack, backend));
		signIn.requestSignInCode(new Identifier().type(Identifier.TypeEnum.PHONE).value(phone), null, null);
		TokenResponse token = signIn.issueToken(new TokenRequest().grantType("one_time_code")
			.identifier(new Identifier().type(Identifier.TypeEnum.PHONE).value(phone))
			.code(code(stack, phone))
			.channel(TokenRequest.ChannelEnum.MINI_PROGRAM), null, null);
		String shopper = token.getAccessToken();
		MemberView me = new MembersApi(member(stack, shopper)).getMyMember(null);
		assertThat(me.getId()).isEqualTo(registered.getId());

		// Browse anonymously, claim the drop's coupon and price the cart.
		List<Availability> availability = new AvailabilityApi(inventory(stack, null)).availability(List.of(sku),
				CHANNEL, null, 99, null);
		assertThat(availability).singleElement().satisfies((line) -> assertThat(line.getAvailable()).isEqualTo(20));
		WalletCoupon coupon = new CouponsApi(promotion(stack, shopper)).claimCoupon(campaign + "-DROP",
				"gen-claim-" + suffix, null);
		assertThat(coupon.getPromotionId()).isEqualTo(campaign + "-DROP");
		Quote quote = new QuotesApi(promotion(stack, shopper)).quoteCart(new QuoteRequest().channel(CHANNEL)
			.currency("CNY")
			.shippingFeeMinor(1_000L)
			.couponIds(List.of(coupon.getCouponId()))
			.lines(List.of(new LineRequest().sku(sku).quantity(2).unitPriceMinor(12_800L))), null, null);
		assertThat(quote.getSubtotalMinor()).isEqualTo(25_600L);
		assertThat(quote.getApplied()).anySatisfy((applied) -> {
			assertThat(applied.getCouponId()).isEqualTo(coupon.getCouponId().toString());
			assertThat(applied.getDiscountMinor()).isEqualTo(3_000L);
		});
		assertThat(quote.getPayableMinor()).isEqualTo(quote.getSubtotalMinor() - quote.getDiscountMinor()
				+ quote.getShippingFeeMinor() - quote.getShippingDiscountMinor());

		// Order it: the server prices it the same way and locks the coupon.
		OrdersApi orders = new OrdersApi(fulfillment(stack, shopper));
		OrderView placed = orders.place("gen-order-" + suffix,
				new PlaceOrderRequest().channel(CHANNEL)
					.couponIds(List.of(coupon.getCouponId()))
					.lines(List.of(new io.concord.client.fulfillment.model.LineRequest().sku(sku).quantity(2)))
					.shippingAddress(new AddressRequest().name("Generated Client")
						.phone("+8613700000000")
						.city("Hangzhou")
						.line1("1 West Lake Road")),
				null);
		assertThat(placed.getStatus()).isEqualTo("PENDING_PAYMENT");
		assertThat(placed.getPayableMinor()).isEqualTo(quote.getPayableMinor());
		assertThat(placed.getPromotions())
			.anySatisfy((applied) -> assertThat(applied.getCouponId()).isEqualTo(coupon.getCouponId().toString()));

		// The simulated provider pays it with a signed callback through the gateway.
		HttpResponse<String> paid = TestHttp.call(stack.serviceUrl("fulfillment-service"), "POST",
				"/dev/payment-provider/payments", null, "{\"orderId\": \"" + placed.getOrderId() + "\"}");
		assertThat(paid.statusCode()).as(paid.body()).isLessThan(300);
		OrderView read = orders.getMyOrder(placed.getOrderId(), null);
		assertThat(read.getStatus()).isIn("PAID", "ALLOCATED");
		assertThat(read.getPaidAt()).isNotNull();
		assertThat(read.getShippingAddress().getCity()).isEqualTo("Hangzhou");
		assertThat(orders.listMyOrders(null)).extracting(OrderView::getOrderId).contains(placed.getOrderId());

		// A documented problem answer reaches the client as its status and problem type.
		assertThatExceptionOfType(io.concord.client.fulfillment.ApiException.class)
			.isThrownBy(() -> orders.place("gen-too-many-" + suffix,
					new PlaceOrderRequest().channel(CHANNEL)
						.lines(List.of(new io.concord.client.fulfillment.model.LineRequest().sku(sku).quantity(99)))
						.shippingAddress(read.getShippingAddress()),
					null))
			.satisfies((refused) -> {
				assertThat(refused.getCode()).isEqualTo(409);
				assertThat(JSON.readTree(refused.getResponseBody()).path("type").asString())
					.endsWith("/insufficient-stock");
			});
	}

	private static void stockAndPrice(LocalStack stack, String manager, String sku) {
		String gateway = stack.gatewayUrl();
		String warehouse = "WH-" + sku;
		expectOk(TestHttp.call(gateway, "PUT", "/admin/inventory/skus/" + sku, manager, "{\"name\":\"Oolong tea\"}"));
		expectOk(TestHttp.call(gateway, "PUT", "/admin/inventory/locations/" + warehouse, manager,
				"{\"name\":\"Hangzhou DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-ZJ\"}"));
		expectOk(TestHttp.call(gateway, "PUT", "/admin/inventory/channels/" + CHANNEL + "/locations", manager,
				"{\"locations\":[\"" + warehouse + "\"]}"));
		expectOk(TestHttp.call(gateway, "POST", "/admin/inventory/adjustments", manager, "{\"sku\":\"" + sku
				+ "\",\"location\":\"" + warehouse + "\",\"quantity\":20,\"reason\":\"INITIAL_COUNT\"}"));
		expectOk(TestHttp.call(gateway, "PUT", "/admin/fulfillment/products/" + sku, manager,
				"{\"name\":\"Oolong tea\",\"unitPriceMinor\":12800,\"currency\":\"CNY\"}"));
	}

	private static void runCampaign(LocalStack stack, String manager, String campaign) {
		String gateway = stack.gatewayUrl();
		Instant start = Instant.now().minusSeconds(60);
		expectOk(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns", manager,
				"{\"id\": \"%s\", \"name\": \"Tea festival\", \"startsAt\": \"%s\", \"endsAt\": \"%s\"}"
					.formatted(campaign, start, start.plus(Duration.ofDays(1)))));
		expectOk(TestHttp.call(gateway, "POST", "/admin/promotions/campaigns/" + campaign + "/promotions", manager, """
				{"id": "%s-DROP", "name": "30 off 200", "kind": "AMOUNT_OFF", "activation": "COUPON",
				 "stackingGroup": "COUPON", "currency": "CNY", "rule": {"amountOffMinor": 3000, "minSpendMinor": 20000},
				 "coupon": {"totalQuantity": 100, "perMemberLimit": 1, "validDays": 1}}""".formatted(campaign)));
		expectOk(
				TestHttp.call(gateway, "POST", "/admin/promotions/campaigns/" + campaign + "/activation", manager, ""));
	}

	/**
	 * The development outbox of one-time codes (member-service's own port, not public).
	 */
	private static String code(LocalStack stack, String destination) {
		HttpResponse<String> answer = TestHttp.call(stack.serviceUrl("member-service"), "GET",
				"/dev/one-time-codes?destination=" + URLEncoder.encode(destination, StandardCharsets.UTF_8), null,
				null);
		expectOk(answer);
		return JSON.readTree(answer.body()).path("code").asString();
	}

	private static void expectOk(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isBetween(200, 299);
	}

	/** Strict reading: an answer field or enum value the document does not name fails. */
	private static ObjectMapper strict(ObjectMapper mapper) {
		return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

	private static io.concord.client.member.ApiClient member(LocalStack stack, String token) {
		io.concord.client.member.ApiClient client = new io.concord.client.member.ApiClient();
		client.updateBaseUri(stack.gatewayUrl());
		client.setObjectMapper(strict(io.concord.client.member.ApiClient.createDefaultObjectMapper()));
		client.setConnectTimeout(TIMEOUT).setReadTimeout(TIMEOUT);
		if (token != null) {
			client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + token));
		}
		return client;
	}

	private static io.concord.client.inventory.ApiClient inventory(LocalStack stack, String token) {
		io.concord.client.inventory.ApiClient client = new io.concord.client.inventory.ApiClient();
		client.updateBaseUri(stack.gatewayUrl());
		client.setObjectMapper(strict(io.concord.client.inventory.ApiClient.createDefaultObjectMapper()));
		client.setConnectTimeout(TIMEOUT).setReadTimeout(TIMEOUT);
		if (token != null) {
			client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + token));
		}
		return client;
	}

	private static io.concord.client.promotion.ApiClient promotion(LocalStack stack, String token) {
		io.concord.client.promotion.ApiClient client = new io.concord.client.promotion.ApiClient();
		client.updateBaseUri(stack.gatewayUrl());
		client.setObjectMapper(strict(io.concord.client.promotion.ApiClient.createDefaultObjectMapper()));
		client.setConnectTimeout(TIMEOUT).setReadTimeout(TIMEOUT);
		if (token != null) {
			client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + token));
		}
		return client;
	}

	private static io.concord.client.fulfillment.ApiClient fulfillment(LocalStack stack, String token) {
		io.concord.client.fulfillment.ApiClient client = new io.concord.client.fulfillment.ApiClient();
		client.updateBaseUri(stack.gatewayUrl());
		client.setObjectMapper(strict(io.concord.client.fulfillment.ApiClient.createDefaultObjectMapper()));
		client.setConnectTimeout(TIMEOUT).setReadTimeout(TIMEOUT);
		if (token != null) {
			client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + token));
		}
		return client;
	}

}
