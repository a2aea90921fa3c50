package io.concord.inventory.demand;

import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Forecasts for ops: runs (start one, follow it), a SKU's forecast per location with
 * intervals, model and accuracy, and the sales history in the backtest command's long
 * format (export, and import of a shop's earlier history).
 */
@RestController
class DemandController {

	private final ForecastSchedule schedule;

	private final ForecastRuns runs;

	private final DemandForecasts forecasts;

	private final SalesHistory history;

	DemandController(ForecastSchedule schedule, ForecastRuns runs, DemandForecasts forecasts, SalesHistory history) {
		this.schedule = schedule;
		this.runs = runs;
		this.forecasts = forecasts;
		this.history = history;
	}

	@PostMapping("/admin/inventory/forecasts/runs")
	ResponseEntity<ForecastRuns.Run> startRun(Principal principal) {
		ForecastRuns.Run run = this.schedule.onDemand("staff:" + principal.getName());
		return ResponseEntity.accepted().location(URI.create("/admin/inventory/forecasts/runs/" + run.id())).body(run);
	}

	@GetMapping("/admin/inventory/forecasts/runs")
	List<ForecastRuns.Run> recentRuns() {
		return this.runs.recent(20);
	}

	@GetMapping("/admin/inventory/forecasts/runs/{id}")
	ForecastRuns.Run run(@PathVariable long id) {
		return this.runs.find(id);
	}

	/** A location's forecast with how accurate its forecasts have been. */
	record LocationForecast(String sku, String location, String model, double promotionLift, double sigma,
			LocalDate firstDay, java.time.Instant generatedAt, long runId, List<DemandForecasts.Day> days,
			DemandForecasts.Accuracy accuracy) {
	}

	@GetMapping("/admin/inventory/forecasts/{sku}")
	List<LocationForecast> forecast(@PathVariable String sku) {
		List<DemandForecasts.SeriesForecast> forecasts = this.forecasts.forSku(sku);
		if (forecasts.isEmpty()) {
			throw new ProblemException.NotFound("Forecast of SKU", sku);
		}
		return forecasts.stream()
			.map((f) -> new LocationForecast(f.sku(), f.location(), f.model(), f.promotionLift(), f.sigma(),
					f.firstDay(), f.generatedAt(), f.runId(), f.days(), this.forecasts.accuracy(f.sku(), f.location())))
			.toList();
	}

	@GetMapping(path = "/admin/inventory/demand/history", produces = "text/csv")
	void export(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			HttpServletResponse response) throws java.io.IOException {
		LocalDate last = (to != null) ? to : this.forecasts.today();
		LocalDate first = (from != null) ? from : last.minusDays(364);
		if (first.isAfter(last)) {
			throw new ProblemException.Unprocessable("from must not be after to");
		}
		response.setContentType("text/csv");
		response.setHeader("Content-Disposition", "attachment; filename=\"sales-history.csv\"");
		this.history.exportCsv(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), first, last);
	}

	@PostMapping(path = "/admin/inventory/demand/history", consumes = "text/csv")
	SalesHistory.Imported importHistory(HttpServletRequest request) throws java.io.IOException {
		return this.history.importCsv(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
	}

}
