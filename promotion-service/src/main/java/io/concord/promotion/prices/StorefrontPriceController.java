package io.concord.promotion.prices;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.concord.platform.security.SalesChannels;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Storefronts read prices ({@code GET /api/prices}, anonymous and cacheable for a short
 * while): the selling, list and reference price of each SKU on the channel.
 */
@RestController
@Tag(name = "prices",
		description = "Price lists per SKU, channel and currency: current, scheduled and history, with reference prices; SKU groups with cross-channel consistency rules.")
class StorefrontPriceController {

	/** Short: a scheduled price shows within this long of taking effect. */
	static final Duration MAX_AGE = Duration.ofSeconds(30);

	record SkuPrice(@Schema(example = "SKU-TEA-LONGJING-250G") String sku,
			@Schema(example = "15800") long sellingPriceMinor, @Schema(example = "19800") long listPriceMinor,
			@Schema(description = "lowest selling price of the prior N days (30 by default) before this price took effect; a saving may only be shown against it",
					example = "16800") long referencePriceMinor,
			Instant effectiveFrom, @Nullable Instant effectiveTo,
			@Schema(description = "the channel whose entry priced it: the requested one, or ALL",
					example = "ALL") String priceChannel) {
	}

	record Prices(@Schema(example = "APP") String channel, @Schema(example = "CNY") String currency,
			List<SkuPrice> prices,
			@Schema(description = "requested SKUs without a price on the channel") List<String> unpriced) {
	}

	private final PriceLists prices;

	private final SalesChannels channels;

	private final PriceProperties properties;

	private final JsonMapper json;

	StorefrontPriceController(PriceLists prices, SalesChannels channels, PriceProperties properties, JsonMapper json) {
		this.prices = prices;
		this.channels = channels;
		this.properties = properties;
		this.json = json;
	}

	@Operation(operationId = "getPrices", summary = "Read prices", description = """
			The current price of each SKU on the channel in the currency: selling price, list price, the \
			reference price (the lowest selling price of the prior 30 days, by market), its window and the \
			channel it came from (the channel's own price, or ALL). SKUs without a price are listed in \
			unpriced. At most 100 SKUs. Cacheable for 30 seconds (Cache-Control public, ETag; If-None-Match \
			answers 304).

			Who may call: anonymous, on an open channel (APP, WEB by default); a signed-in member, on their \
			token's channel (channel may be left out); staff may name any channel.""")
	@ProblemResponse(status = 403, type = "channel-not-permitted",
			when = "a member names another channel than their token's, or a guest names a channel that is not open")
	@GetMapping("/api/prices")
	ResponseEntity<Prices> prices(
			@Parameter(description = "comma-separated SKUs, at most 100",
					example = "SKU-TEA-LONGJING-250G,SKU-CUP-CELADON") @RequestParam String skus,
			@Parameter(example = "APP") @RequestParam(required = false) @Nullable String channel,
			@Parameter(example = "CNY") @RequestParam String currency,
			@RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch,
			@Nullable Authentication caller) {
		Set<String> wanted = new LinkedHashSet<>(
				Arrays.stream(skus.split(",")).map(String::strip).filter((s) -> !s.isEmpty()).toList());
		List<Map<String, String>> errors = new ArrayList<>();
		if (wanted.isEmpty() || wanted.size() > this.properties.maxSkusPerRead()
				|| wanted.stream().anyMatch((s) -> s.length() > 64)) {
			errors.add(Map.of("field", "skus", "message",
					"must name 1 to " + this.properties.maxSkusPerRead() + " SKUs of at most 64 characters"));
		}
		if (!currency.matches("[A-Z]{3}")) {
			errors.add(Map.of("field", "currency", "message", "must be an ISO 4217 code"));
		}
		if (channel != null && !channel.matches("[A-Z][A-Z0-9_]{1,31}")) {
			errors.add(Map.of("field", "channel", "message", "must be a channel name"));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
					"The request has " + errors.size() + " invalid field(s).")
				.with("errors", errors);
		}
		String resolved = this.channels.resolve(caller, channel);
		Map<String, PriceLists.CurrentPrice> current = this.prices.current(wanted, resolved, currency);
		List<SkuPrice> found = new ArrayList<>();
		List<String> unpriced = new ArrayList<>();
		for (String sku : wanted) {
			PriceLists.CurrentPrice price = current.get(sku);
			if (price == null) {
				unpriced.add(sku);
			}
			else {
				found.add(new SkuPrice(sku, price.sellingPriceMinor(), price.listPriceMinor(),
						price.referencePriceMinor(), price.effectiveFrom(), price.effectiveTo(), price.channel()));
			}
		}
		Prices body = new Prices(resolved, currency, found, unpriced);
		String etag = etag(body);
		CacheControl cache = CacheControl.maxAge(MAX_AGE).cachePublic();
		if (etag.equals(ifNoneMatch)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).cacheControl(cache).eTag(etag).build();
		}
		return ResponseEntity.ok().cacheControl(cache).eTag(etag).body(body);
	}

	private String etag(Prices body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
			return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
