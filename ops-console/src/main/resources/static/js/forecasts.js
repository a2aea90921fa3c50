// A SKU's forecast per location: the sales history, then the forecast mean inside its 95%
// and 80% bands. Each chart's data is in its element's data-chart (JSON, written by the
// server); a band is its lower bound with its width stacked on top, filled in between.
(function () {
	'use strict';
	if (!window.echarts) {
		return;
	}
	const charts = [];
	document.querySelectorAll('.forecast-chart').forEach((element) => {
		const data = JSON.parse(element.dataset.chart);
		const label = element.dataset;
		const chart = window.echarts.init(element);
		const band = (name, stack, lower, width, colour) => [
			{ name: name, type: 'line', stack: stack, data: lower, symbol: 'none', lineStyle: { opacity: 0 },
				color: colour, silent: true },
			{ name: name, type: 'line', stack: stack, data: width, symbol: 'none', lineStyle: { opacity: 0 },
				color: colour, areaStyle: { color: colour, opacity: 1 }, silent: true }
		];
		chart.setOption({
			animation: false,
			grid: { left: 48, right: 16, top: 36, bottom: 30 },
			legend: { top: 0, data: [label.labelHistory, label.labelMean, label.labelBand80, label.labelBand95] },
			tooltip: { trigger: 'axis' },
			xAxis: { type: 'category', data: data.dates, boundaryGap: false },
			yAxis: { type: 'value', min: 0 },
			series: [
				...band(label.labelBand95, 'band95', data.lower95, data.band95, 'rgba(11, 92, 173, 0.15)'),
				...band(label.labelBand80, 'band80', data.lower80, data.band80, 'rgba(11, 92, 173, 0.30)'),
				{ name: label.labelHistory, type: 'line', data: data.history, symbol: 'none', color: '#333' },
				{ name: label.labelMean, type: 'line', data: data.mean, symbol: 'none', color: '#0b5cad',
					lineStyle: { type: 'dashed', width: 2 } }
			]
		});
		charts.push(chart);
	});
	window.addEventListener('resize', () => charts.forEach((chart) => chart.resize()));
})();
