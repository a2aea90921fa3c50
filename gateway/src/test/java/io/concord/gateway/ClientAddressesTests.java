package io.concord.gateway;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTests {

	@Test
	void directlyConnectedClientsAreTheirSocketAddressWhateverTheyForward() {
		assertThat(addresses(0).of(exchange("192.0.2.10", "203.0.113.5"))).isEqualTo("192.0.2.10");
	}

	@Test
	void behindOneProxyTheRightmostEntryIsTheClient() {
		ClientAddresses addresses = addresses(1);
		assertThat(addresses.of(exchange("10.0.0.7", "198.51.100.1, 203.0.113.5"))).isEqualTo("203.0.113.5");
		assertThat(addresses.of(exchange("10.0.0.7", "198.51.100.1", "203.0.113.5"))).as("several header lines")
			.isEqualTo("203.0.113.5");
	}

	@Test
	void behindTwoProxiesTheSecondEntryFromTheRightIsTheClient() {
		assertThat(addresses(2).of(exchange("10.0.0.7", "198.51.100.1, 203.0.113.5, 10.0.0.3")))
			.isEqualTo("203.0.113.5");
	}

	@Test
	void aShortChainOrAnEntryThatIsNotAnAddressFallsBackToTheSocketNeverToALookup() {
		assertThat(addresses(2).of(exchange("10.0.0.7", "203.0.113.5"))).isEqualTo("10.0.0.7");
		assertThat(addresses(1).of(exchange("10.0.0.7", "evil.example"))).isEqualTo("10.0.0.7");
		assertThat(addresses(1).of(exchange("10.0.0.7"))).isEqualTo("10.0.0.7");
	}

	@Test
	void ipv6ClientsAreKeyedByTheirSlash64AndMappedIpv4ByTheIpv4Address() {
		ClientAddresses addresses = addresses(1);
		assertThat(addresses.of(exchange("10.0.0.7", "2001:db8:1:2:aaaa::1")))
			.isEqualTo(addresses.of(exchange("10.0.0.7", "[2001:db8:1:2:bbbb::9]")))
			.isEqualTo("2001:db8:1:2::/64");
		assertThat(addresses.of(exchange("10.0.0.7", "::ffff:203.0.113.5"))).isEqualTo("203.0.113.5");
	}

	private static ClientAddresses addresses(int hops) {
		GatewayProperties properties = new Binder(
				new MapConfigurationPropertySource(java.util.Map.of("concord.gateway.trusted-proxy-hops", hops)))
			.bindOrCreate("concord.gateway", GatewayProperties.class);
		return new ClientAddresses(properties);
	}

	private static MockServerWebExchange exchange(String socket, String... forwardedFor) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/inventory/availability")
			.remoteAddress(new InetSocketAddress(socket, 40000));
		if (forwardedFor.length > 0) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return MockServerWebExchange.from(request);
	}

}
