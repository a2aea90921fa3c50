package io.concord.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The client applications registered in {@code concord.gateway.api-keys}. A presented key
 * counts only if its SHA-256 is registered; anything else is ignored, so a made-up key
 * never gets a bucket of its own.
 */
@Component
class ApiKeys {

	static final String HEADER = "X-Api-Key";

	// Far longer than any issued key; longer values are not even hashed.
	private static final int MAX_LENGTH = 256;

	private final Map<String, GatewayProperties.ApiKey> byDigest;

	ApiKeys(GatewayProperties properties) {
		this.byDigest = properties.apiKeys()
			.stream()
			.collect(Collectors.toUnmodifiableMap((key) -> key.sha256().toLowerCase(Locale.ROOT), Function.identity()));
	}

	Optional<GatewayProperties.ApiKey> find(String presented) {
		if (this.byDigest.isEmpty() || presented.isEmpty() || presented.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.byDigest.get(sha256(presented)));
	}

	static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
