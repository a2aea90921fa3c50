package io.concord.gateway;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address a request comes from, as far as the gateway can know it: the socket's peer,
 * or, behind {@code concord.gateway.trusted-proxy-hops} proxies, the X-Forwarded-For
 * entry the outermost trusted proxy appended (counted from the right, like Spring Cloud
 * Gateway's {@code XForwardedRemoteAddressResolver.maxTrustedIndex}). Entries left of it
 * are whatever the client sent and are never used. Unlike that resolver, a chain shorter
 * than the trusted hops, or an entry that is not an IP literal, falls back to the socket
 * address (never to the client-written leftmost entry, never to a DNS lookup).
 * <p>
 * IPv6 addresses are keyed by their /64: one subscriber usually holds a whole /64, so
 * per-address limits would otherwise be a per-request choice.
 */
@Component
class ClientAddresses {

	private static final String ATTRIBUTE = ClientAddresses.class.getName() + ".address";

	private static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private final int trustedHops;

	ClientAddresses(GatewayProperties properties) {
		this.trustedHops = properties.trustedProxyHops();
	}

	/**
	 * The limiting key of the request's client address ({@code unknown} if there is
	 * none).
	 */
	String of(ServerWebExchange exchange) {
		String cached = exchange.getAttribute(ATTRIBUTE);
		if (cached != null) {
			return cached;
		}
		InetAddress address = forwarded(exchange);
		if (address == null) {
			InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
			address = (remote != null) ? remote.getAddress() : null;
		}
		String key = (address != null) ? key(address) : "unknown";
		exchange.getAttributes().put(ATTRIBUTE, key);
		return key;
	}

	private @Nullable InetAddress forwarded(ServerWebExchange exchange) {
		if (this.trustedHops == 0) {
			return null;
		}
		List<String> entries = new ArrayList<>();
		for (String header : exchange.getRequest().getHeaders().getOrEmpty(X_FORWARDED_FOR)) {
			for (String entry : header.split(",")) {
				entries.add(entry.strip());
			}
		}
		if (entries.size() < this.trustedHops) {
			return null;
		}
		return literal(entries.get(entries.size() - this.trustedHops));
	}

	// Parses IP literals only: a host name from a header must never cost a DNS lookup.
	private static @Nullable InetAddress literal(String entry) {
		String candidate = (entry.startsWith("[") && entry.endsWith("]")) ? entry.substring(1, entry.length() - 1)
				: entry;
		return NetUtil.createInetAddressFromIpAddressString(candidate);
	}

	static String key(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address && !mappedIpv4(bytes)) {
			for (int i = 8; i < bytes.length; i++) {
				bytes[i] = 0;
			}
			return NetUtil.bytesToIpAddress(bytes) + "/64";
		}
		return (bytes.length == 16) ? NetUtil.bytesToIpAddress(bytes, 12, 4) : NetUtil.bytesToIpAddress(bytes);
	}

	// ::ffff:a.b.c.d is the IPv4 client a.b.c.d on a dual-stack socket.
	private static boolean mappedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

}
