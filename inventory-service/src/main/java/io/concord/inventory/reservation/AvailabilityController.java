package io.concord.inventory.reservation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Available-to-promise for storefronts. */
@Tag(name = "availability", description = "Available-to-promise stock per SKU and sales channel, for storefronts.")
@RestController
class AvailabilityController {

	/**
	 * @param available units the channel can promise
	 * @param display what to show, capped (e.g. "99+") when asked
	 * @param availableInRegion of those, units at locations in the shipping region (fast
	 * delivery); null without a region
	 */
	record Availability(String sku, int available, String display, @Nullable Integer availableInRegion) {
	}

	private final ChannelRoutes routing;

	private final AvailabilityReads stock;

	AvailabilityController(ChannelRoutes routing, AvailabilityReads stock) {
		this.routing = routing;
		this.stock = stock;
	}

	/**
	 * Cached briefly by browsers and CDNs: a peak's catalogue traffic must not reach the
	 * database request by request. Routes and regions come from memory, and identical
	 * reads running at once share one query. Net of safety stock and of other channels'
	 * ring-fences; an unknown SKU has none.
	 */
	@Operation(summary = "Get availability",
			description = "Answers, per requested SKU, the units the sales channel can promise now (net of safety stock, reservations and other channels' ring-fences; an unknown SKU has 0), a display value capped at cap (e.g. 99+), and with a region the units at locations in that shipping region. Cached for 2 seconds. Who may call: anonymous (no token needed).")
	@ApiResponse(responseCode = "200", description = "Availability per distinct SKU, in request order",
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = Availability.class)),
					examples = @ExampleObject(name = "example",
							value = "[{\"sku\":\"JACKET-BLK-M\",\"available\":143,\"display\":\"99+\",\"availableInRegion\":60},{\"sku\":\"JACKET-BLK-L\",\"available\":0,\"display\":\"0\",\"availableInRegion\":0}]")))
	@ProblemResponse(status = 404, type = "not-found", when = "the sales channel has no locations (unknown channel)")
	@GetMapping("/api/inventory/availability")
	ResponseEntity<List<Availability>> availability(
			@RequestParam @NotEmpty @Size(max = 100) List<@Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String> skus,
			@RequestParam @Pattern(regexp = "[A-Z_]{2,32}") String channel,
			@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") @Nullable String region,
			@RequestParam(required = false) @Min(1) @Nullable Integer cap) {
		ChannelRoutes.Routing routing = this.routing.current();
		StockPool.Route route = routing.routes().get(channel);
		if (route == null) {
			throw new ProblemException.NotFound("Channel", channel);
		}
		List<String> distinct = skus.stream().distinct().toList();
		StockPool pool = this.stock.read(distinct);
		Map<String, String> regions = routing.locationRegions();
		List<Availability> answer = distinct.stream().map((sku) -> {
			int available = pool.availableToPromise(sku, route);
			Integer inRegion = null;
			if (region != null) {
				List<String> near = route.locations().stream().filter((l) -> region.equals(regions.get(l))).toList();
				inRegion = Math.min(available, near.stream().mapToInt((l) -> pool.free(sku).getOrDefault(l, 0)).sum());
			}
			String display = (cap != null && available > cap) ? cap + "+" : String.valueOf(available);
			return new Availability(sku, available, display, inRegion);
		}).toList();
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofSeconds(2)).cachePublic()).body(answer);
	}

}
