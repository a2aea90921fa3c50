package io.concord.forecastlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.concord.forecasting.SalesHistoryFiles;
import io.concord.forecasting.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The backtest reads the M4 layout, holds out the horizon, scores and writes forecasts.
 */
class BacktestTests {

	@TempDir
	Path directory;

	@Test
	void scoresMethodsOnTheHeldOutHorizonRelativeToNaive2() throws Exception {
		Path input = this.directory.resolve("train.csv");
		Files.writeString(input, """
				"V1","V2","V3","V4","V5","V6"
				"A","1","2","4","7","9"
				"B","10","10","10","10",""
				""");
		List<Series> series = M4Files.read(input);
		assertThat(series).extracting(Series::id).containsExactly("A", "B");
		assertThat(series.get(1).values()).as("padding is not a value").containsExactly(10, 10, 10, 10);

		List<Backtest.Score> scores = Backtest.score(series, null, 1, 1, Backtest.methods(1, 0));
		Backtest.Score naive1 = scores.get(0);
		// A: history 1,2,4,7 (in-sample naive errors mean 2), forecast 7 for 9: sMAPE
		// 200·2/16 = 25, MASE 2/2 = 1. B: exact, 0 and 0.
		assertThat(naive1.smape()).isCloseTo(12.5, within(1e-9));
		assertThat(naive1.mase()).isCloseTo(0.5, within(1e-9));
		assertThat(scores).filteredOn((s) -> s.method().equals("Naive2"))
			.singleElement()
			.satisfies((s) -> assertThat(s.owa()).isEqualTo(1.0));

		Path output = this.directory.resolve("forecasts");
		Backtest.main(new String[] { "--input", input.toString(), "--horizon", "2", "--output", output.toString() });
		assertThat(Files.readAllLines(output.resolve("Naive1.csv"))).containsExactly("id,F1,F2", "A,9.000000,9.000000",
				"B,10.000000,10.000000");
	}

	@Test
	void readsLongFormatSalesHistoryAsOneDailySeriesPerSkuAndLocation() throws Exception {
		Path input = this.directory.resolve("sales.csv");
		Files.writeString(input, """
				date,sku,location,quantity,price,promo
				2026-11-01,TEE,SH,2,9900,false
				2026-11-01,MUG,SH,1,2500,0
				2026-11-03,TEE,SH,4,7900,true
				2026-11-03,TEE,SH,1,7900,true
				2026-11-04,MUG,SH,3,2500,0
				""");
		assertThat(SalesHistoryFiles.isLongFormat(input)).isTrue();
		List<Series> series = SalesHistoryFiles.read(input);
		assertThat(series).extracting(Series::id).containsExactly("TEE@SH", "MUG@SH");
		// Missing days are zero sales; a day's rows add up.
		assertThat(series.get(0).values()).containsExactly(2, 0, 5, 0);
		assertThat(series.get(0).promoted()).containsExactly(false, false, true, false);
		assertThat(series.get(1).values()).containsExactly(1, 0, 0, 3);

		Path output = this.directory.resolve("forecasts");
		Backtest.main(new String[] { "--input", input.toString(), "--horizon", "1", "--period", "1", "--output",
				output.toString() });
		assertThat(Files.readAllLines(output.resolve("Naive1.csv"))).containsExactly("id,F1", "TEE@SH,0.000000",
				"MUG@SH,3.000000");
	}

}
