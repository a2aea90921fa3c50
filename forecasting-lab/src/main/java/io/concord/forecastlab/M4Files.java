package io.concord.forecastlab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.concord.forecasting.Series;

/**
 * The M4 layout: a header row, then one series per row, {@code "id","v1","v2",...}, every
 * field double-quoted, rows padded with empty fields. Only the backtest reads it, so it
 * lives here and not in the engine the service ships.
 */
final class M4Files {

	private M4Files() {
	}

	public static List<Series> read(Path file) throws IOException {
		List<Series> series = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line = reader.readLine(); // header
			while ((line = reader.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				String[] fields = line.split(",", -1);
				String id = unquote(fields[0]);
				double[] values = new double[fields.length - 1];
				int count = 0;
				for (int i = 1; i < fields.length; i++) {
					String field = unquote(fields[i]);
					if (field.isEmpty() || field.equals("NA")) {
						break;
					}
					values[count++] = Double.parseDouble(field);
				}
				series.add(new Series(id, java.util.Arrays.copyOf(values, count)));
			}
		}
		return series;
	}

	/** Writes forecasts as {@code id,F1..Fh}, one row per series in the given order. */
	public static void writeForecasts(Path file, List<String> ids, List<double[]> forecasts, int horizon)
			throws IOException {
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			writer.write("id");
			for (int h = 1; h <= horizon; h++) {
				writer.write(",F" + h);
			}
			writer.write("\n");
			for (int i = 0; i < ids.size(); i++) {
				writer.write(ids.get(i));
				for (double value : forecasts.get(i)) {
					writer.write("," + String.format(Locale.ROOT, "%.6f", value));
				}
				writer.write("\n");
			}
		}
	}

	private static String unquote(String field) {
		String trimmed = field.trim();
		return (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\""))
				? trimmed.substring(1, trimmed.length() - 1) : trimmed;
	}

}
