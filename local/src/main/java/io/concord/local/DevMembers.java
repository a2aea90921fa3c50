package io.concord.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Members for demos and tests on the local stack: one-time codes read from
 * member-service's development mailbox, sign-in through the gateway. Public for the load
 * test, which signs members in on any stack whose member-service runs its dev tools.
 */
public final class DevMembers {

	/** A member registered with a phone number, and their access token. */
	public record Registered(String phone, String token) {
	}

	private final Storefront gateway;

	// Channels a shopper may sign in on by themselves; on the others the channel's own
	// backend (a registered channel client) signs its shoppers in.
	private static final Map<String, String> CHANNEL_BACKENDS = Map.of("MINI_PROGRAM", "channel-mini-program",
			"LIVESTREAM", "channel-livestream", "MARKETPLACE", "channel-marketplace", "STORE", "channel-store-pos");

	private final Storefront memberService;

	private final Storefront staffIssuer;

	DevMembers(Storefront gateway, Storefront memberService, Storefront staffIssuer) {
		this.gateway = gateway;
		this.memberService = memberService;
		this.staffIssuer = staffIssuer;
	}

	/**
	 * @param gatewayUrl where shoppers sign in
	 * @param memberServiceUrl member-service itself (its dev mailbox is not routed)
	 * @param staffIssuerUrl the development staff issuer (channel backends' tokens)
	 */
	public DevMembers(String gatewayUrl, String memberServiceUrl, String staffIssuerUrl) {
		this(gatewayUrl, memberServiceUrl, staffIssuerUrl, Map.of());
	}

	/**
	 * Members registered with {@code headers} on every call to the gateway and to
	 * member-service: a load test's run tag and credential, so its shoppers are the
	 * run's.
	 */
	public DevMembers(String gatewayUrl, String memberServiceUrl, String staffIssuerUrl, Map<String, String> headers) {
		this(new Storefront(gatewayUrl, headers), new Storefront(memberServiceUrl, headers),
				new Storefront(staffIssuerUrl));
	}

	/** The one-time code last sent to a phone or e-mail address. */
	String code(String destination) {
		return this.memberService
			.get("/dev/one-time-codes?destination=" + URLEncoder.encode(destination, StandardCharsets.UTF_8))
			.body()
			.path("code")
			.asString("");
	}

	/** Signs in with a one-time code; the access token, or "" if it failed. */
	String signIn(String type, String value, String channel) {
		this.gateway.post("/api/auth/one-time-codes", "{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}", null);
		String backend = CHANNEL_BACKENDS.get(channel);
		String backendToken = (backend != null) ? this.staffIssuer.staffToken(backend) : null;
		Storefront.Answer token = this.gateway.post("/api/auth/token",
				"""
						{"grantType": "one_time_code", "identifier": {"type": "%s", "value": "%s"}, "code": "%s", "channel": "%s"}"""
					.formatted(type, value, code(value), channel),
				null, backendToken);
		return token.body().path("accessToken").asString("");
	}

	/** Registers a new member with a fresh phone number and signs them in on the app. */
	String newMemberToken() {
		return newMemberToken("APP");
	}

	/**
	 * Registers a new member with a fresh phone number and signs them in on
	 * {@code channel}, the channel their orders and quotes then sell on.
	 */
	String newMemberToken(String channel) {
		return register(channel).token();
	}

	/**
	 * Registers a new member with a fresh phone number and signs them in on
	 * {@code channel}; the phone lets them sign in again later.
	 */
	public Registered register(String channel) {
		String phone = "+86137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
		this.gateway.post("/api/members/verification-codes", "{\"type\":\"PHONE\",\"value\":\"" + phone + "\"}", null);
		this.gateway.post("/api/members", """
				{"displayName": "Shopper", "channel": "APP",
				 "identities": [{"type": "PHONE", "value": "%s", "verificationCode": "%s"}]}""".formatted(phone,
				code(phone)), "dev-member-" + UUID.randomUUID());
		String token = signIn("PHONE", phone, channel);
		if (token.isEmpty()) {
			throw new IllegalStateException("Signing a new member in on " + channel + " failed");
		}
		return new Registered(phone, token);
	}

}
