package io.concord.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.concord.local.LocalStack;
import io.concord.platform.infra.KafkaServer;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * What stands between each service and its dependencies in the fault suite: a TCP proxy
 * (NetCrusher) on every link to PostgreSQL and to Kafka (each service has a Kafka
 * listener of its own, so all its broker connections pass its proxy), and an HTTP proxy
 * (WireMock) on the order flow's calls to inventory-service and promotion-service. A test
 * freezes a link, drops its acknowledgements, cuts its connections, slows a partner down
 * or makes it answer 500.
 */
final class FaultLinks implements LocalStack.Links, AutoCloseable {

	static final List<String> SERVICES = List.of("member-service", "inventory-service", "promotion-service",
			"fulfillment-service");

	static final List<String> PARTNERS = List.of("inventory-service", "promotion-service");

	private final NioReactor reactor;

	private final Map<String, Link> databaseLinks = new ConcurrentHashMap<>();

	private final Map<String, Link> kafkaLinks = new ConcurrentHashMap<>();

	private final Map<String, Integer> kafkaProxyPorts = new LinkedHashMap<>();

	private final Map<String, Partner> partners = new ConcurrentHashMap<>();

	FaultLinks() {
		try {
			this.reactor = new NioReactor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		SERVICES.forEach((service) -> this.kafkaProxyPorts.put(client(service), freePort()));
	}

	@Override
	public Map<String, Integer> kafkaClients() {
		return this.kafkaProxyPorts;
	}

	@Override
	public void kafkaStarted(KafkaServer kafka) {
		this.kafkaProxyPorts.forEach((client, proxyPort) -> this.kafkaLinks.computeIfAbsent(client,
				(c) -> new Link(this.reactor, proxyPort, kafka.clientListener(client).port())));
	}

	@Override
	public String database(String service, String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		Link link = this.databaseLinks.computeIfAbsent(service,
				(s) -> new Link(this.reactor, freePort(), uri.getPort()));
		return "jdbc:postgresql://localhost:" + link.port() + uri.getPath();
	}

	@Override
	public String kafka(String service, String bootstrapServers) {
		return "localhost:" + this.kafkaProxyPorts.get(client(service));
	}

	@Override
	public String partner(String service, String partner, String url) {
		return "http://localhost:" + this.partners.computeIfAbsent(partner, (p) -> new Partner(url)).port();
	}

	Link database(String service) {
		return this.databaseLinks.get(service);
	}

	Link kafka(String service) {
		return this.kafkaLinks.get(client(service));
	}

	Partner partner(String partner) {
		return this.partners.get(partner);
	}

	/** Everything back to normal between two tests. */
	void healAll() {
		this.databaseLinks.values().forEach(Link::heal);
		this.kafkaLinks.values().forEach(Link::heal);
		this.partners.values().forEach(Partner::heal);
	}

	@Override
	public void close() {
		this.partners.values().forEach(Partner::close);
		this.databaseLinks.values().forEach(Link::close);
		this.kafkaLinks.values().forEach(Link::close);
		this.reactor.close();
	}

	private static String client(String service) {
		return service.replace("-service", "").replace('-', '_');
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One TCP link through NetCrusher. */
	static final class Link {

		private final TcpCrusher crusher;

		private final int port;

		private final AtomicBoolean dropReplies = new AtomicBoolean();

		Link(NioReactor reactor, int port, int targetPort) {
			this.port = port;
			this.crusher = TcpCrusherBuilder.builder()
				.withReactor(reactor)
				.withBindAddress("localhost", port)
				.withConnectAddress("localhost", targetPort)
				// Replies from the server side vanish while dropReplies is set: the
				// request was served, the caller never hears so.
				.withIncomingTransformFilterFactory((client) -> (ByteBuffer buffer) -> {
					if (this.dropReplies.get()) {
						buffer.position(buffer.limit());
					}
				})
				.withTcpNoDelay(true)
				.buildAndOpen();
		}

		int port() {
			return this.port;
		}

		/** Nothing passes either way until {@link #unfreeze()}; connections stay open. */
		void freeze() {
			this.crusher.freeze();
		}

		void unfreeze() {
			if (this.crusher.isFrozen()) {
				this.crusher.unfreeze();
			}
		}

		/** Requests still reach the server; its answers are lost. */
		void dropReplies(boolean drop) {
			this.dropReplies.set(drop);
		}

		/** Cuts every open connection (the peers see a reset); new ones may connect. */
		void cutConnections() {
			this.crusher.closeAllPairs();
		}

		void heal() {
			dropReplies(false);
			unfreeze();
		}

		void close() {
			this.crusher.close();
		}

	}

	/**
	 * An HTTP proxy in front of a partner service: passes everything on, optionally late,
	 * or answers 500 instead.
	 */
	static final class Partner {

		private final WireMockServer proxy;

		private final String target;

		private StubMapping failing;

		Partner(String target) {
			this.target = target;
			this.proxy = new WireMockServer(WireMockConfiguration.options()
				.port(freePort())
				.bindAddress("localhost")
				.containerThreads(64)
				.asynchronousResponseEnabled(true)
				.asynchronousResponseThreads(32)
				// The order flow speaks HTTP/1.1 to its partners; the proxy may call them
				// on
				// loopback and waits longer than any partner timeout.
				.http2PlainDisabled(true)
				.limitProxyTargets(com.github.tomakehurst.wiremock.common.NetworkAddressRules.ALLOW_ALL)
				.proxyTimeout(60_000)
				.disableRequestJournal());
			this.proxy.start();
			this.proxy.stubFor(WireMock.any(WireMock.anyUrl())
				.atPriority(10)
				.willReturn(WireMock.aResponse().proxiedFrom(target)));
		}

		int port() {
			return this.proxy.port();
		}

		/** Every answer comes this much later. */
		synchronized void slow(long millis) {
			this.proxy.setGlobalFixedDelay((int) millis);
		}

		/** Every call answers 500 (without reaching the partner) until healed. */
		synchronized void fail() {
			if (this.failing == null) {
				this.failing = this.proxy.stubFor(WireMock.any(WireMock.anyUrl())
					.atPriority(1)
					.willReturn(WireMock.aResponse()
						.withStatus(500)
						.withHeader("Content-Type", "application/problem+json")
						.withBody("{\"type\":\"about:blank\",\"title\":\"Internal error\",\"status\":500}")));
			}
		}

		synchronized void heal() {
			this.proxy.setGlobalFixedDelay(0);
			if (this.failing != null) {
				this.proxy.removeStub(this.failing);
				this.failing = null;
			}
		}

		void close() {
			this.proxy.stop();
		}

		@Override
		public String toString() {
			return "proxy :" + port() + " -> " + this.target;
		}

	}

	static void pause(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
