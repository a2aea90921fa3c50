package io.concord.console.forecasts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.concord.console.AdminApi;
import io.concord.console.ConsoleFailures;
import io.concord.console.ConsoleProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A SKU's forecast ({@code /ops/forecasts?sku=}): per location a chart of the last weeks'
 * sales and the forecast with its 80% and 95% bands (the same figures in a table), the
 * model and how accurate it has been. The forecast runs ({@code /ops/forecasts/runs}) and
 * a request for one, which the API allows an ops-manager (409 while one is requested or
 * running, shown as the API says it).
 */
@Controller
class ForecastsController {

	/** How far back the chart shows sales: eight weeks, enough to see weekly patterns. */
	static final int HISTORY_DAYS = 56;

	static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final AdminApi api;

	private final MessageSource messages;

	private final ConsoleFailures failures;

	private final ConsoleProperties properties;

	ForecastsController(AdminApi api, MessageSource messages, ConsoleFailures failures, ConsoleProperties properties) {
		this.api = api;
		this.messages = messages;
		this.failures = failures;
		this.properties = properties;
	}

	/** A location's forecast with its chart data (JSON for forecasts.js). */
	public record LocationView(Forecast forecast, String chart) {
	}

	@GetMapping("/forecasts")
	String forecast(@RequestParam(required = false) @Nullable String sku, Authentication user, Model model,
			Locale locale) {
		String wanted = (sku != null) ? sku.strip() : "";
		model.addAttribute("sku", wanted);
		model.addAttribute("historyDays", HISTORY_DAYS);
		List<LocationView> locations = new ArrayList<>();
		if (!wanted.isEmpty()) {
			try {
				List<Forecast> forecasts = JSON.convertValue(
						this.api.get(user, "/admin/inventory/forecasts/{sku}", wanted),
						JSON.getTypeFactory().constructCollectionType(List.class, Forecast.class));
				// Whole days only: today's sales so far would read as a drop, and the
				// forecast covers today.
				LocalDate today = LocalDate.now(this.properties.zone());
				LocalDate from = today.minusDays(HISTORY_DAYS);
				LocalDate to = today.minusDays(1);
				Map<String, Map<LocalDate, Long>> sold = Map.of();
				try {
					sold = history(this.api.text(user, "/admin/inventory/demand/history?sku={sku}&from={from}&to={to}",
							wanted, from, to), wanted);
				}
				catch (AdminApi.Refused | RestClientException ex) {
					// The forecast still helps without its history: say what is missing.
					model.addAttribute("historyFailure", this.failures.describe(ex, locale));
				}
				for (Forecast forecast : forecasts) {
					ForecastChart chart = ForecastChart.of(forecast, sold.getOrDefault(forecast.location(), Map.of()),
							from, to);
					locations.add(new LocationView(forecast, JSON.writeValueAsString(chart)));
				}
			}
			catch (AdminApi.Refused | RestClientException ex) {
				model.addAttribute("failure", this.failures.describe(ex, locale));
			}
		}
		model.addAttribute("locations", locations);
		return "forecasts/forecast";
	}

	@GetMapping("/forecasts/runs")
	String runs(Authentication user, Model model, Locale locale) {
		List<ForecastRun> runs = List.of();
		try {
			runs = JSON.convertValue(this.api.get(user, "/admin/inventory/forecasts/runs"),
					JSON.getTypeFactory().constructCollectionType(List.class, ForecastRun.class));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			model.addAttribute("failure", this.failures.describe(ex, locale));
		}
		model.addAttribute("runs", runs);
		model.addAttribute("inProgress", runs.stream().anyMatch(ForecastRun::inProgress));
		return "forecasts/runs";
	}

	@PostMapping("/forecasts/runs")
	String requestRun(Authentication user, RedirectAttributes redirect, Locale locale) {
		try {
			JsonNode run = this.api.post(user, "/admin/inventory/forecasts/runs");
			redirect.addFlashAttribute("notice", this.messages.getMessage("forecasts.runRequested",
					new Object[] { run.path("id").asString() }, locale));
		}
		catch (AdminApi.Refused | RestClientException ex) {
			redirect.addFlashAttribute("failure", this.failures.describe(ex, locale));
		}
		return "redirect:/forecasts/runs";
	}

	/**
	 * Units sold per location and day of one SKU, from the history's CSV
	 * ({@code date,sku,location,quantity,price,promo}).
	 */
	static Map<String, Map<LocalDate, Long>> history(String csv, String sku) {
		Map<String, Map<LocalDate, Long>> sold = new TreeMap<>();
		for (String line : csv.split("\\R")) {
			String[] fields = line.split(",", -1);
			if (fields.length < 4 || !fields[1].equals(sku) || fields[0].equals("date")) {
				continue;
			}
			try {
				sold.computeIfAbsent(fields[2], (location) -> new TreeMap<>())
					.merge(LocalDate.parse(fields[0]), Long.parseLong(fields[3]), Long::sum);
			}
			catch (RuntimeException ex) {
				// A line the console cannot read is left off the chart, not the page.
			}
		}
		return sold;
	}

}
