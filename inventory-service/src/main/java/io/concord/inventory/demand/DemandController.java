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
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

	private final ForecastRuns runs;

	private final DemandForecasts forecasts;

	private final SalesHistory history;

	DemandController(ForecastRuns runs, DemandForecasts forecasts, SalesHistory history) {
		this.runs = runs;
		this.forecasts = forecasts;
		this.history = history;
	}

	@Tag(name = "forecasts",
			description = "Demand forecasts: forecast runs and a SKU's forecast per location with intervals, model and accuracy.")
	@Operation(summary = "Request a forecast run",
			description = "Requests forecasting every SKU x location now: the run waits as REQUESTED until the forecast job process claims it (RUNNING), then ends SUCCEEDED or FAILED (a failed run keeps the previous forecasts). Answers 202 with the run to follow (Location header). Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 409, type = "forecast-run-in-progress",
			when = "another forecast run is requested or running (one at a time)")
	@ApiResponse(responseCode = "202",
			description = "The run, requested (Location: /admin/inventory/forecasts/runs/{id})",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = ForecastRuns.Run.class)))
	@PostMapping("/admin/inventory/forecasts/runs")
	ResponseEntity<ForecastRuns.Run> startRun(Principal principal) {
		ForecastRuns.Run run = this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "staff:" + principal.getName());
		return ResponseEntity.accepted().location(URI.create("/admin/inventory/forecasts/runs/" + run.id())).body(run);
	}

	@Tag(name = "forecasts",
			description = "Demand forecasts: forecast runs and a SKU's forecast per location with intervals, model and accuracy.")
	@Operation(summary = "List recent forecast runs",
			description = "Answers the last 20 runs, newest first, with their status, model (name, version, artefact SHA-256), the job process that ran them, timings and counts. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/forecasts/runs")
	List<ForecastRuns.Run> recentRuns() {
		return this.runs.recent(20);
	}

	@Tag(name = "forecasts",
			description = "Demand forecasts: forecast runs and a SKU's forecast per location with intervals, model and accuracy.")
	@Operation(summary = "Get a forecast run",
			description = "Answers the run with its status, model (name, version, artefact SHA-256), the job process that ran it (runner, host:pid), timings, counts and failure. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no forecast run with this id")
	@GetMapping("/admin/inventory/forecasts/runs/{id}")
	ForecastRuns.Run run(@PathVariable long id) {
		return this.runs.find(id);
	}

	/**
	 * A location's forecast with how accurate its forecasts have been: {@code model} is
	 * what forecast this series, {@code modelName} and {@code modelVersion} the method of
	 * the run that made it (null for runs from before the job process).
	 */
	record LocationForecast(String sku, String location, String model, @Nullable String modelName,
			@Nullable String modelVersion, double promotionLift, double sigma, LocalDate firstDay,
			java.time.Instant generatedAt, long runId, List<DemandForecasts.Day> days,
			DemandForecasts.Accuracy accuracy) {
	}

	@Tag(name = "forecasts",
			description = "Demand forecasts: forecast runs and a SKU's forecast per location with intervals, model and accuracy.")
	@Operation(summary = "Get a SKU's forecast",
			description = "Answers, per location, the daily forecast with its intervals, the model chosen, the method (name and version) of the run that made it, the promotion lift and how accurate past forecasts were over the accuracy days: WAPE, bias, the share of days within the 80% and 95% intervals (coverage) and their pinball loss scaled by the mean daily actual, in percent. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found",
			when = "the SKU has no forecast (unknown SKU, or none run since it was stocked)")
	@GetMapping("/admin/inventory/forecasts/{sku}")
	List<LocationForecast> forecast(@PathVariable String sku) {
		List<DemandForecasts.SeriesForecast> forecasts = this.forecasts.forSku(sku);
		if (forecasts.isEmpty()) {
			throw new ProblemException.NotFound("Forecast of SKU", sku);
		}
		java.util.Map<Long, ForecastRuns.Model> models = this.runs
			.models(forecasts.stream().map(DemandForecasts.SeriesForecast::runId).distinct().toList());
		return forecasts.stream().map((f) -> {
			ForecastRuns.Model method = models.get(f.runId());
			return new LocationForecast(f.sku(), f.location(), f.model(), (method != null) ? method.name() : null,
					(method != null) ? method.version() : null, f.promotionLift(), f.sigma(), f.firstDay(),
					f.generatedAt(), f.runId(), f.days(), this.forecasts.accuracy(f.sku(), f.location()));
		}).toList();
	}

	@Tag(name = "demand",
			description = "Sales history, the forecasts' input: export, and import of a shop's earlier history (CSV).")
	@Operation(summary = "Export the sales history",
			description = "Answers daily unit sales per SKU x location between from and to (the last 365 days when absent), of one SKU when sku is given, as CSV in the backtest command's long format (sku,location,date,units). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 422, type = "business-rule", when = "from is after to")
	@GetMapping(path = "/admin/inventory/demand/history", produces = "text/csv")
	void export(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(required = false) @Nullable String sku, HttpServletResponse response)
			throws java.io.IOException {
		LocalDate last = (to != null) ? to : this.forecasts.today();
		LocalDate first = (from != null) ? from : last.minusDays(364);
		if (first.isAfter(last)) {
			throw new ProblemException.Unprocessable("from must not be after to");
		}
		response.setContentType("text/csv");
		response.setHeader("Content-Disposition", "attachment; filename=\"sales-history.csv\"");
		this.history.exportCsv(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), first, last,
				sku);
	}

	@Tag(name = "demand",
			description = "Sales history, the forecasts' input: export, and import of a shop's earlier history (CSV).")
	@Operation(summary = "Import a sales history",
			description = "Imports a shop's earlier daily sales (CSV: sku,location,date,units) for SKU x locations inventory stocks; all rows or none. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "text/csv",
			schema = @Schema(type = "string"),
			examples = @ExampleObject(name = "example",
					value = "sku,location,date,units\nJACKET-BLK-M,WH-SH-01,2025-11-11,412\nJACKET-BLK-M,WH-SH-01,2025-11-12,96\n")))
	@ProblemResponse(status = 413, type = "too-many-rows",
			when = "the file has more rows than concord.inventory.sales-history.max-rows; nothing was imported")
	@ProblemResponse(status = 422, type = "invalid-sales-history",
			when = "rows are malformed or name SKU x locations inventory does not stock; errors[] lists them and nothing was imported")
	@PostMapping(path = "/admin/inventory/demand/history", consumes = "text/csv")
	SalesHistory.Imported importHistory(HttpServletRequest request) throws java.io.IOException {
		return this.history.importCsv(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
	}

}
