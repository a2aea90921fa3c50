package io.concord.inventory.forecasting;

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

	public static List<M4Files.Series> read(Path file) throws IOException {
		record Row(LocalDate date, String id, double quantity, boolean promo) {
		}
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
				String[] fields = line.split(",", -1);
				if (fields.length < 4) {
					throw new IllegalArgumentException(
							file + " line " + number + ": expected date,sku,location,quantity[,price,promo]");
				}
				LocalDate date = LocalDate.parse(fields[0].trim());
				boolean promo = fields.length > 5 && isTrue(fields[5]);
				rows.add(new Row(date, fields[1].trim() + "@" + fields[2].trim(), Double.parseDouble(fields[3].trim()),
						promo));
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
		List<M4Files.Series> series = new ArrayList<>();
		values.forEach((id, v) -> series.add(new M4Files.Series(id, v, promoted.get(id))));
		return series;
	}

	private static boolean isTrue(String field) {
		String value = field.trim();
		return value.equalsIgnoreCase("true") || value.equals("1");
	}

}
