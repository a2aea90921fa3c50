// Operations: a small bar chart of real and load-test requests per second per service,
// from the page's data-* attributes (the gateway's CSP allows no inline scripts).
(function () {
	'use strict';
	const element = document.getElementById('operations-chart');
	if (!element || !window.echarts || !element.dataset.services) {
		return;
	}
	const numbers = (text) => text.split(',').map(Number);
	const chart = window.echarts.init(element);
	chart.setOption({
		animation: false,
		legend: { top: 0 },
		grid: { left: 50, right: 10, top: 30, bottom: 30 },
		xAxis: { type: 'category', data: element.dataset.services.split(',') },
		yAxis: { type: 'value' },
		series: [
			{ name: element.dataset.realLabel, type: 'bar', data: numbers(element.dataset.real) },
			{ name: element.dataset.shadowLabel, type: 'bar', data: numbers(element.dataset.shadow), itemStyle: { color: '#b59a3a' } }
		]
	});
	window.addEventListener('resize', () => chart.resize());
})();
