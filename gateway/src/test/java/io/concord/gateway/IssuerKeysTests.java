package io.concord.gateway;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway's JWKS cache against a real HTTP issuer that counts fetches, on virtual
 * time: TTL, the refetch interval for unknown key ids, shared fetches, and what happens
 * while the issuer cannot be reached.
 */
class IssuerKeysTests {

	private static final Duration TTL = Duration.ofMinutes(5);

	private static final Duration REFETCH = Duration.ofSeconds(10);

	private final StubIssuer issuer = new StubIssuer();

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final IssuerKeys keys = new IssuerKeys("stub", URI.create(this.issuer.jwkSetUri()),
			new GatewayProperties.Jwks(TTL, REFETCH, Duration.ofSeconds(2), Duration.ofSeconds(3),
					DataSize.ofKilobytes(256)),
			this.clock);

	@AfterEach
	void stop() {
		this.issuer.close();
	}

	@Test
	@DisplayName("M5: concurrent tokens with unknown key ids share one fetch, at most one per refetch interval")
	void m5_concurrentMissesShareOneFetchAtMostOncePerInterval() {
		RSAKey published = this.issuer.publish("k1");
		assertThat(keysFor(published)).hasSize(1);
		assertThat(this.issuer.fetches()).isEqualTo(1);

		assertThat(unknownKeyIds(50)).as("within the interval nothing is fetched").isEqualTo(0);
		assertThat(this.issuer.fetches()).isEqualTo(1);

		this.clock.advanceTimeBy(REFETCH.plusSeconds(1));
		this.issuer.delay(Duration.ofMillis(300));
		assertThat(unknownKeyIds(50)).isEqualTo(0);
		assertThat(this.issuer.fetches()).as("50 concurrent misses, one fetch").isEqualTo(2);
		assertThat(unknownKeyIds(50)).isEqualTo(0);
		assertThat(this.issuer.fetches()).isEqualTo(2);
	}

	@Test
	@DisplayName("M5: a key published after the last fetch is found by the first token that names it")
	void m5_aNewKeyIsFetchedWhenATokenNamesIt() {
		this.issuer.publish("k1");
		assertThat(keysFor(this.issuer.publish("k0"))).hasSize(1);
		this.clock.advanceTimeBy(REFETCH.plusSeconds(1));
		RSAKey rotated = this.issuer.publish("k2");
		assertThat(keysFor(rotated)).hasSize(1);
		assertThat(this.issuer.fetches()).isEqualTo(2);
	}

	@Test
	@DisplayName("L15: a key withdrawn at the issuer stops being found once the TTL has passed")
	void l15_aWithdrawnKeyIsGoneAfterTheTtl() {
		RSAKey withdrawn = this.issuer.publish("k1");
		RSAKey kept = this.issuer.publish("k2");
		assertThat(keysFor(withdrawn)).hasSize(1);
		this.issuer.withdraw(withdrawn);

		this.clock.advanceTimeBy(TTL.minusSeconds(1));
		assertThat(keysFor(withdrawn)).as("still cached").hasSize(1);
		this.clock.advanceTimeBy(Duration.ofSeconds(2));
		assertThat(keysFor(withdrawn)).as("after the TTL").isEmpty();
		assertThat(keysFor(kept)).hasSize(1);
		assertThat(this.issuer.fetches()).isEqualTo(2);
	}

	@Test
	void whileTheIssuerIsDownTheLastKeysServeForOneMoreTtlAndItIsAskedOncePerInterval() {
		RSAKey published = this.issuer.publish("k1");
		assertThat(keysFor(published)).hasSize(1);
		this.issuer.failing(true);

		this.clock.advanceTimeBy(TTL.plusSeconds(1));
		assertThat(keysFor(published)).as("the last set, while the issuer fails").hasSize(1);
		assertThat(this.issuer.fetches()).isEqualTo(2);
		for (int i = 0; i < 20; i++) {
			keysFor(published);
		}
		assertThat(this.issuer.fetches()).as("not asked again within the interval").isEqualTo(2);
		this.clock.advanceTimeBy(REFETCH.plusSeconds(1));
		assertThat(keysFor(published)).hasSize(1);
		assertThat(this.issuer.fetches()).isEqualTo(3);

		this.clock.advanceTimeBy(TTL);
		assertThatExceptionOfType(IssuerKeys.SigningKeysUnavailableException.class)
			.as("two TTLs after the issuer last confirmed them")
			.isThrownBy(() -> keysFor(published));

		this.issuer.failing(false);
		this.clock.advanceTimeBy(REFETCH.plusSeconds(1));
		assertThat(keysFor(published)).as("the issuer is back").hasSize(1);
	}

	@Test
	void withoutKeysAndAnIssuerThatFailsCallersLearnTheKeysAreUnavailable() {
		RSAKey published = this.issuer.publish("k1");
		this.issuer.failing(true);
		assertThatExceptionOfType(IssuerKeys.SigningKeysUnavailableException.class)
			.isThrownBy(() -> keysFor(published));
		assertThatExceptionOfType(IssuerKeys.SigningKeysUnavailableException.class)
			.isThrownBy(() -> keysFor(published));
		assertThat(this.issuer.fetches()).as("the failure is not retried within the interval").isEqualTo(1);
	}

	private List<JWK> keysFor(RSAKey key) {
		return this.keys.forToken(parse(StubIssuer.memberToken(key, UUID.randomUUID())))
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	/** Asks for that many random key ids at once; returns how many keys were found. */
	private int unknownKeyIds(int count) {
		RSAKey forger = StubIssuer.generate("forger");
		List<SignedJWT> tokens = Flux.range(0, count)
			.map((i) -> parse(StubIssuer.memberToken(
					new RSAKey.Builder(forger).keyID(UUID.randomUUID().toString()).build(), UUID.randomUUID())))
			.collectList()
			.block();
		return Flux.fromIterable(tokens)
			.flatMap((token) -> this.keys.forToken(token).collectList(), count)
			.map(List::size)
			.reduce(0, Integer::sum)
			.block(Duration.ofSeconds(20));
	}

	private static SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
