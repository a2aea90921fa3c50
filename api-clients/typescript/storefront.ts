// How a web or mini-program storefront uses the generated TypeScript clients: the same journey the
// Java client walks in the system tests (GeneratedClientSystemTests). The build type-checks this file
// against the clients generated from contracts/openapi, so an operation or field the storefront relies
// on cannot disappear from the documents unnoticed.
import * as fulfillment from "../target/typescript/src/fulfillment";
import * as inventory from "../target/typescript/src/inventory";
import * as member from "../target/typescript/src/member";
import * as promotion from "../target/typescript/src/promotion";

/** Every call goes through the gateway, with the member's token once signed in. */
function settings(gateway: string, accessToken?: string) {
  return { basePath: gateway, accessToken: accessToken ? async () => accessToken : undefined };
}

export async function signIn(gateway: string, phone: string, code: () => Promise<string>): Promise<string> {
  const signIn = new member.SignInApi(new member.Configuration(settings(gateway)));
  await signIn.requestSignInCode({ identifier: { type: member.IdentifierTypeEnum.Phone, value: phone } });
  const token: member.TokenResponse = await signIn.issueToken({
    tokenRequest: {
      grantType: "one_time_code",
      identifier: { type: member.IdentifierTypeEnum.Phone, value: phone },
      code: await code(),
      channel: member.TokenRequestChannelEnum.App,
    },
  });
  return token.accessToken;
}

export async function checkout(gateway: string, token: string, sku: string, couponTemplate: string) {
  const shown: inventory.Availability[] = await new inventory.AvailabilityApi(
    new inventory.Configuration(settings(gateway)),
  ).availability({ skus: [sku], channel: "APP" });
  if ((shown[0]?.available ?? 0) < 1) {
    throw new Error(`${sku} is sold out`);
  }
  const coupons = new promotion.CouponsApi(new promotion.Configuration(settings(gateway, token)));
  const coupon: promotion.WalletCoupon = await coupons.claimCoupon({
    templateId: couponTemplate,
    idempotencyKey: crypto.randomUUID(),
  });
  const quote: promotion.Quote = await new promotion.QuotesApi(
    new promotion.Configuration(settings(gateway, token)),
  ).quoteCart({
    quoteRequest: {
      channel: "APP",
      currency: "CNY",
      couponIds: [coupon.couponId],
      lines: [{ sku, quantity: 1, unitPriceMinor: 12800 }],
    },
  });
  const orders = new fulfillment.OrdersApi(new fulfillment.Configuration(settings(gateway, token)));
  try {
    const placed: fulfillment.OrderView = await orders.place({
      idempotencyKey: crypto.randomUUID(),
      placeOrderRequest: {
        channel: "APP",
        couponIds: [coupon.couponId],
        lines: [{ sku, quantity: 1 }],
        shippingAddress: { name: "Li Wei", phone: "+8613800138000", city: "Shanghai", line1: "Nanjing West Road 1266" },
      },
    });
    const order: fulfillment.OrderView = await orders.getMyOrder({ orderId: placed.orderId });
    return { quotedMinor: quote.payableMinor, payableMinor: order.payableMinor, status: order.status };
  } catch (error) {
    if (error instanceof fulfillment.ResponseError) {
      // Refusals are RFC 9457 problem details: the type names the rule (e.g. .../insufficient-stock).
      const problem = (await error.response.json()) as fulfillment.Problem;
      throw new Error(`${problem.title}: ${problem.detail} (${problem.type})`);
    }
    throw error;
  }
}
