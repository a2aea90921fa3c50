// The peak board: frames arrive as server-sent events named "board" (JSON, already
// formatted for the reader's language, currency and time zone); the browser reconnects
// on its own when the stream ends.
(function () {
	'use strict';
	const board = document.getElementById('board');
	const live = document.getElementById('live');
	const chartElement = document.getElementById('orders-chart');
	const chart = window.echarts ? window.echarts.init(chartElement) : null;
	const times = [];
	const counts = [];
	const POINTS = 120;

	function text(id, value) {
		document.getElementById(id).textContent = value;
	}

	function cell(row, value) {
		const td = document.createElement('td');
		td.textContent = value;
		row.appendChild(td);
	}

	function render(frame) {
		text('updated-at', frame.at);
		text('orders-today', frame.ordersToday);
		text('payment-success', frame.paymentSuccess);
		text('at-risk', frame.atRisk);
		text('supply-cancellations', frame.supplyCancellations);
		document.getElementById('supply-cancellations').classList.toggle('alert', frame.supplyOverTarget);
		const error = document.getElementById('board-error');
		error.hidden = !frame.error;
		error.textContent = frame.error || '';
		const dead = document.getElementById('dead-letters');
		dead.replaceChildren();
		Object.entries(frame.deadLetters).forEach(([service, count]) => {
			const dt = document.createElement('dt');
			dt.textContent = service;
			const dd = document.createElement('dd');
			dd.textContent = count;
			dead.append(dt, dd);
		});
		const channels = document.getElementById('channels');
		if (frame.channels.length === 0) {
			channels.replaceChildren(document.getElementById('no-channels').content.cloneNode(true));
		}
		else {
			channels.replaceChildren(...frame.channels.map((channel) => {
				const row = document.createElement('tr');
				cell(row, channel.channel);
				cell(row, channel.ordersPerSecond);
				cell(row, channel.gmvPerSecond);
				return row;
			}));
		}
		document.getElementById('latest').replaceChildren(...frame.latest.map((order) => {
			const row = document.createElement('tr');
			row.dataset.orderId = order.orderId;
			// The order id opens the order's page (orders screen).
			cell(row, '');
			const link = Object.assign(document.createElement('a'), { textContent: order.orderId });
			link.href = document.getElementById('latest').dataset.orderHref + encodeURIComponent(order.orderId);
			row.lastChild.appendChild(link);
			cell(row, order.channel);
			cell(row, order.status);
			cell(row, order.payable);
			cell(row, order.placedAt);
			return row;
		}));
		times.push(frame.at);
		counts.push(frame.newOrders);
		if (times.length > POINTS) {
			times.shift();
			counts.shift();
		}
		if (chart) {
			chart.setOption({
				animation: false,
				grid: { left: 40, right: 10, top: 10, bottom: 30 },
				xAxis: { type: 'category', data: times },
				yAxis: { type: 'value', minInterval: 1 },
				series: [{ name: chartElement.dataset.series, type: 'line', data: counts, showSymbol: false }]
			});
		}
	}

	const stream = new EventSource(board.dataset.stream);
	stream.addEventListener('board', (event) => {
		live.textContent = live.dataset.live;
		live.classList.add('on');
		render(JSON.parse(event.data));
	});
	stream.onerror = () => live.classList.remove('on');
	window.addEventListener('resize', () => chart && chart.resize());
})();
