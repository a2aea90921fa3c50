// The peak board: frames arrive as server-sent events named "board" (JSON, already
// formatted for the reader's language, currency and time zone); the browser reconnects
// on its own when the stream ends. Every figure links to the console screen with its
// detail (drill-down); links are built from data-base (the console's context path).
(function () {
	'use strict';
	const board = document.getElementById('board');
	const base = board.dataset.base;
	const none = board.dataset.none;
	const live = document.getElementById('live');
	const chartElement = document.getElementById('orders-chart');
	const chart = window.echarts ? window.echarts.init(chartElement) : null;
	const times = [];
	const counts = [];
	const POINTS = 120;

	function text(id, value) {
		document.getElementById(id).textContent = value;
	}

	function alert(id, on) {
		document.getElementById(id).classList.toggle('alert', !!on);
	}

	function href(id, path) {
		document.getElementById(id).setAttribute('href', base + path);
	}

	function cell(row, value, path) {
		const td = document.createElement('td');
		if (path) {
			const a = document.createElement('a');
			a.href = base + path;
			a.textContent = value;
			td.appendChild(a);
		}
		else {
			td.textContent = value;
		}
		row.appendChild(td);
		return td;
	}

	function rows(id, items, columns, build) {
		const body = document.getElementById(id);
		if (items.length === 0) {
			const row = document.createElement('tr');
			const td = cell(row, none);
			td.colSpan = columns;
			td.className = 'hint';
			body.replaceChildren(row);
			return;
		}
		body.replaceChildren(...items.map((item) => {
			const row = document.createElement('tr');
			build(row, item);
			return row;
		}));
	}

	function render(frame) {
		text('updated-at', frame.at);
		document.querySelectorAll('.range-shown').forEach((span) => { span.textContent = frame.rangeLabel; });
		text('orders-today', frame.ordersToday);
		text('payment-success', frame.paymentSuccess);
		text('checkout-latency', frame.checkout.p95 + ' / ' + frame.checkout.p99);
		alert('checkout-latency', frame.checkout.slow);
		text('checkout-rate', frame.checkout.perSecond + ' /s');
		text('rejected', frame.rejected);
		text('at-risk', frame.atRisk);
		text('breaches', frame.breaches);
		alert('breaches', frame.breaches > 0);
		href('breaches', frame.newestBreach ? 'orders/' + encodeURIComponent(frame.newestBreach) : 'orders?status=PAID');
		text('supply-cancellations', frame.supplyCancellations);
		alert('supply-cancellations', frame.supplyOverTarget);
		text('error-rate', frame.errorRate);
		alert('error-rate', frame.errorOverTarget);
		const error = document.getElementById('board-error');
		error.hidden = !frame.error;
		error.textContent = frame.error || '';

		text('out-of-stock', frame.stock.outOfStock);
		alert('out-of-stock', frame.stock.alert);
		text('low-stock', frame.stock.lowStock);
		rows('worst-skus', frame.stock.worst, 3, (row, sku) => {
			row.dataset.sku = sku.sku;
			cell(row, sku.sku, 'stock?sku=' + encodeURIComponent(sku.sku));
			cell(row, sku.available).classList.toggle('alert', sku.available <= 0);
			cell(row, sku.reorderPoint);
		});
		rows('drops', frame.drops, 3, (row, drop) => {
			row.dataset.campaignId = drop.campaignId;
			cell(row, drop.name, 'campaigns/' + encodeURIComponent(drop.campaignId));
			cell(row, drop.issued + ' / ' + drop.minted + ' (' + drop.share + ')').classList.toggle('alert', drop.exhausted);
			cell(row, drop.perMinute);
		});
		rows('services', frame.services, 8, (row, service) => {
			row.dataset.service = service.service;
			row.classList.toggle('alert', service.alert);
			cell(row, service.service, 'operations#' + service.service);
			if (service.error) {
				cell(row, service.error).colSpan = 7;
				return;
			}
			cell(row, service.backlog);
			cell(row, service.oldest);
			cell(row, service.lag);
			cell(row, service.parked, 'dead-letters?service=' + encodeURIComponent(service.service));
			cell(row, service.perSecond);
			cell(row, service.serverErrors);
			cell(row, service.clientErrors);
		});
		text('shadow-requests', frame.shadow.perSecond);
		text('shadow-checkout', frame.shadow.checkoutPerSecond);
		text('shadow-lag', frame.shadow.lag);
		const shadow = document.getElementById('shadow-state');
		shadow.textContent = frame.shadow.active ? shadow.dataset.active : shadow.dataset.none;
		document.getElementById('shadow').classList.toggle('on', frame.shadow.active);

		const channels = document.getElementById('channels');
		if (frame.channels.length === 0) {
			channels.replaceChildren(document.getElementById('no-channels').content.cloneNode(true));
		}
		else {
			channels.replaceChildren(...frame.channels.map((channel) => {
				const row = document.createElement('tr');
				cell(row, channel.channel, 'orders?channel=' + encodeURIComponent(channel.channel));
				cell(row, channel.ordersPerSecond);
				cell(row, channel.gmvPerSecond);
				return row;
			}));
		}
		document.getElementById('latest').replaceChildren(...frame.latest.map((order) => {
			const row = document.createElement('tr');
			row.dataset.orderId = order.orderId;
			cell(row, order.orderId, 'orders/' + encodeURIComponent(order.orderId));
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
