package io.concord.forecasting;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily sales in long format, as the service exports them:
 * {@code date,sku,location,quantity[,price,promo]} with a header row, ISO dates, and
 * {@code promo} true/false or 1/0. Each SKU × location becomes one series (id
 * {@code sku@location}, in order of first appearance) running from the file's first to
 * its last date with missing days as zero sales; a day's rows add up.
 */
public final class SalesHistoryFiles {

	public static final String HEADER = "date,sku,location,quantity,price,promo";

	private SalesHistoryFiles() {
	}

	/** True when the file's header starts with {@code date,sku,location,quantity}. */
	public static boolean isLongFormat(Path file) throws IOException {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String header = reader.readLine();
			return header != null && header.replace("\"", "").trim().startsWith("date,sku,location,quantity");
		}
	}

	/** One line of the file: a day's units of a SKU at a location. */
	public record Row(LocalDate date, String sku, String location, double quantity, boolean promo) {

		String id() {
			return this.sku + "@" + this.location;
		}

	}

	/**
	 * Parses a data line; {@link IllegalArgumentException} (with the line number) when it
	 * is not {@code date,sku,location,quantity[,price,promo]} with an ISO date and a
	 * number.
	 */
	public static Row parse(String line, int number) {
		String[] fields = line.split(",", -1);
		try {
			boolean promo = fields.length > 5 && isTrue(fields[5]);
			return new Row(LocalDate.parse(fields[0].trim()), fields[1].trim(), fields[2].trim(),
					Double.parseDouble(fields[3].trim()), promo);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"line " + number + ": expected an ISO date, SKU, location and a quantity[,price,promo]", ex);
		}
	}

	public static List<Series> read(Path file) throws IOException {
		List<Row> rows = new ArrayList<>();
		LocalDate first = null;
		LocalDate last = null;
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line = reader.readLine();
			int number = 1;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				Row row = parse(line, number);
				LocalDate date = row.date();
				rows.add(row);
				first = (first == null || date.isBefore(first)) ? date : first;
				last = (last == null || date.isAfter(last)) ? date : last;
			}
		}
		if (first == null || last == null) {
			return List.of();
		}
		int days = (int) ChronoUnit.DAYS.between(first, last) + 1;
		Map<String, double[]> values = new LinkedHashMap<>();
		Map<String, boolean[]> promoted = new LinkedHashMap<>();
		for (Row row : rows) {
			int day = (int) ChronoUnit.DAYS.between(first, row.date());
			values.computeIfAbsent(row.id(), (id) -> new double[days])[day] += row.quantity();
			promoted.computeIfAbsent(row.id(), (id) -> new boolean[days])[day] |= row.promo();
		}
		List<Series> series = new ArrayList<>();
		values.forEach((id, v) -> series.add(new Series(id, v, promoted.get(id))));
		return series;
	}

	private static boolean isTrue(String field) {
		String value = field.trim();
		return value.equalsIgnoreCase("true") || value.equals("1");
	}

}
