package io.concord.gateway;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One token issuer's published keys (its JWKS), for the gateway's token checks. Spring's
 * {@code ReactiveRemoteJWKSource} keeps a key set until a token names a key it lacks and
 * then fetches again, for every such token, without timeouts: random key ids in forged
 * tokens turned into one fetch at the issuer each (M5), and a key the issuer withdrew was
 * accepted until some unknown key came along (L15). Here:
 * <ul>
 * <li>a fetched set is used for {@code ttl} (Reactor's {@code Mono.cache}: concurrent
 * callers share one fetch), then fetched again, so a withdrawn key stops validating
 * within the TTL;</li>
 * <li>a token naming an unknown key fetches early, but at most once per
 * {@code min-refetch-interval}; every token that misses meanwhile shares that fetch or is
 * refused;</li>
 * <li>the fetch has connect and response timeouts and a size limit;</li>
 * <li>when the issuer cannot be reached the last set stays in use, for at most one more
 * TTL, re-tried once per {@code min-refetch-interval}; without one, callers get
 * {@link SigningKeysUnavailableException} (503), not a wrong 401.</li>
 * </ul>
 */
final class IssuerKeys {

	private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);

	private final String issuer;

	private final URI jwkSetUri;

	private final GatewayProperties.Jwks settings;

	// The clock of the cache's TTLs and of the refetch interval (virtual time in tests).
	private final Scheduler clock;

	private final WebClient client;

	private final AtomicReference<Mono<Keys>> current = new AtomicReference<>();

	private final AtomicReference<@Nullable Keys> lastFetched = new AtomicReference<>();

	IssuerKeys(String issuer, URI jwkSetUri, GatewayProperties.Jwks settings, Scheduler clock) {
		this.issuer = issuer;
		this.jwkSetUri = jwkSetUri;
		this.settings = settings;
		this.clock = clock;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(settings.connectTimeout().toMillis()))
			.responseTimeout(settings.responseTimeout());
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(Math.toIntExact(settings.maxSize().toBytes())))
			.build();
		this.current.set(cachedFetch());
	}

	/** The keys that may have signed the token (for Spring's reactive JWT decoder). */
	Flux<JWK> forToken(SignedJWT token) {
		JWKMatcher matcher = JWKMatcher.forJWSHeader(token.getHeader());
		if (matcher == null) {
			return Flux.empty();
		}
		JWKSelector selector = new JWKSelector(matcher);
		Mono<Keys> cached = this.current.get();
		return cached.flatMapMany((keys) -> {
			List<JWK> found = selector.select(keys.set());
			if (!found.isEmpty() || !mayRefetch(keys)) {
				return Flux.fromIterable(found);
			}
			// An unknown key id: perhaps a new key. Whoever swaps in the refetch starts
			// it;
			// everyone else missing now shares it.
			Mono<Keys> refetch = cachedFetch();
			Mono<Keys> next = this.current.compareAndSet(cached, refetch) ? refetch : this.current.get();
			return next.flatMapIterable((fresh) -> selector.select(fresh.set()));
		});
	}

	private boolean mayRefetch(Keys keys) {
		return !keys.fetchedAt().plus(this.settings.minRefetchInterval()).isAfter(now());
	}

	private Mono<Keys> cachedFetch() {
		Duration retry = this.settings.minRefetchInterval();
		return Mono.defer(this::fetch)
			.cache((keys) -> keys.stale() ? retry : this.settings.ttl(), (failure) -> retry, () -> retry, this.clock);
	}

	private Mono<Keys> fetch() {
		Duration limit = this.settings.connectTimeout().plus(this.settings.responseTimeout());
		return this.client.get()
			.uri(this.jwkSetUri)
			.retrieve()
			.bodyToMono(String.class)
			.timeout(limit)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("An empty answer")))
			.map(this::parse)
			.doOnNext(this.lastFetched::set)
			.onErrorResume(this::fallBack);
	}

	private Instant now() {
		return Instant.ofEpochMilli(this.clock.now(TimeUnit.MILLISECONDS));
	}

	private Keys parse(String body) {
		try {
			return new Keys(JWKSet.parse(body), now(), now(), false);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Not a JWK set", ex);
		}
	}

	private Mono<Keys> fallBack(Throwable failure) {
		Instant now = now();
		Keys last = this.lastFetched.get();
		if (last != null && last.validSince().plus(this.settings.ttl().multipliedBy(2)).isAfter(now)) {
			log.warn("Could not fetch the keys of {} from {} ({}); using the last set, fetched at {}", this.issuer,
					this.jwkSetUri, failure.toString(), last.validSince());
			return Mono.just(new Keys(last.set(), last.validSince(), now, true));
		}
		log.warn("Could not fetch the keys of {} from {}: {}", this.issuer, this.jwkSetUri, failure.toString());
		return Mono.error(new SigningKeysUnavailableException(this.issuer, failure));
	}

	/**
	 * @param set the published keys
	 * @param validSince when the issuer last confirmed them
	 * @param fetchedAt the last fetch (or failed attempt), for the refetch interval
	 * @param stale whether the last attempt failed
	 */
	private record Keys(JWKSet set, Instant validSince, Instant fetchedAt, boolean stale) {
	}

	/**
	 * The issuer's keys cannot be fetched and none are known: token checks cannot run.
	 */
	static final class SigningKeysUnavailableException extends RuntimeException {

		SigningKeysUnavailableException(String issuer, Throwable cause) {
			super("The signing keys of " + issuer + " are unavailable", cause);
		}

		static boolean in(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof SigningKeysUnavailableException) {
					return true;
				}
			}
			return false;
		}

	}

}
