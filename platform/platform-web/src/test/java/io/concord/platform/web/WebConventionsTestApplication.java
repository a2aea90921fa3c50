package io.concord.platform.web;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
class WebConventionsTestApplication {

	record PlaceTestOrder(@NotBlank String sku, @Min(1) int quantity) {
	}

	record TestOrder(long id, String sku, int quantity) {
	}

	@RestController
	static class TestOrders {

		private final JdbcTemplate jdbc;

		TestOrders(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@PostMapping("/test/orders")
		@IdempotencyKeyRequired
		ResponseEntity<TestOrder> place(@Valid @RequestBody PlaceTestOrder order) throws InterruptedException {
			if (order.sku().equals("SLOW")) {
				Thread.sleep(300); // holds the key while concurrent retries arrive
			}
			if (order.sku().equals("SOLD-OUT")) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
						"Only 0 left")
					.with("available", 0);
			}
			Long id = this.jdbc.queryForObject("insert into test_order (sku, quantity) values (?, ?) returning id",
					Long.class, order.sku(), order.quantity());
			return ResponseEntity.created(URI.create("/test/orders/" + id))
				.body(new TestOrder(id, order.sku(), order.quantity()));
		}

		@GetMapping("/test/orders/{id}")
		TestOrder find(@PathVariable long id) {
			return this.jdbc
				.query("select id, sku, quantity from test_order where id = ?",
						(rs, i) -> new TestOrder(rs.getLong(1), rs.getString(2), rs.getInt(3)), id)
				.stream()
				.findFirst()
				.orElseThrow(() -> new ProblemException.NotFound("Order", id));
		}

		// A file import that reads the raw body itself (like inventory's sales history).
		@PostMapping("/test/imports")
		long importFile(jakarta.servlet.http.HttpServletRequest request) throws java.io.IOException {
			try (java.io.InputStream in = request.getInputStream()) {
				return in.transferTo(java.io.OutputStream.nullOutputStream());
			}
		}

		@GetMapping("/test/deadlock")
		TestOrder deadlock() {
			throw new org.springframework.dao.CannotAcquireLockException("deadlock detected");
		}

		@GetMapping("/test/boom")
		TestOrder boom() {
			throw new IllegalStateException("secret internal detail");
		}

	}

	/** One operation under each path family a service has, for the OpenAPI groups. */
	@RestController
	static class TestSurface {

		@GetMapping("/api/test/catalogue")
		String catalogue() {
			return "public";
		}

		@PostMapping("/webhooks/test/callbacks")
		String callback() {
			return "partner";
		}

		@GetMapping("/admin/test/audit")
		String audit() {
			return "staff";
		}

		@GetMapping("/internal/test/reservations")
		String reservations() {
			return "services";
		}

		@GetMapping("/dev/test/codes")
		String codes() {
			return "local stack";
		}

	}

}
