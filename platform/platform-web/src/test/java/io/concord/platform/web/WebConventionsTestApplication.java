package io.concord.platform.web;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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

		private final TransactionTemplate transaction;

		private final TransactionTemplate separately;

		TestOrders(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
			this.jdbc = jdbc;
			this.transaction = new TransactionTemplate(transactions);
			this.separately = new TransactionTemplate(transactions);
			this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		}

		@PostMapping("/test/orders")
		@IdempotencyKeyRequired
		ResponseEntity<TestOrder> place(@Valid @RequestBody PlaceTestOrder order,
				@RequestHeader("Idempotency-Key") String key) throws InterruptedException {
			if (order.sku().equals("SLOW")) {
				Thread.sleep(300); // holds the key while concurrent retries arrive
			}
			if (order.sku().equals("SOLD-OUT")) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
						"Only 0 left")
					.with("available", 0);
			}
			Long id = this.transaction.execute((status) -> {
				if (order.sku().equals("TAKEN-OVER")) {
					// Meanwhile another instance took the key over (this one looked
					// dead).
					this.separately.executeWithoutResult((inner) -> this.jdbc.update(
							"update idempotency_record set owner = gen_random_uuid() where idempotency_key = ?", key));
				}
				return this.jdbc.queryForObject("insert into test_order (sku, quantity) values (?, ?) returning id",
						Long.class, order.sku(), order.quantity());
			});
			if (order.sku().startsWith("FAILS-AFTER-")) {
				throw new IllegalStateException("failed after the order committed");
			}
			return ResponseEntity.created(URI.create("/test/orders/" + id))
				.body(new TestOrder(id, order.sku(), order.quantity()));
		}

		/** Finds the order its key placed before, so running it again is harmless. */
		@PostMapping("/test/rerunnable-orders")
		@IdempotencyKeyRequired(rerunnable = true)
		ResponseEntity<TestOrder> placeOnce(@Valid @RequestBody PlaceTestOrder order,
				@RequestHeader("Idempotency-Key") String key) {
			Long id = this.transaction.execute((status) -> {
				this.jdbc.update("""
						insert into test_order (sku, quantity, idempotency_key) values (?, ?, ?)
						on conflict (idempotency_key) do nothing""", order.sku(), order.quantity(), key);
				return this.jdbc.queryForObject("select id from test_order where idempotency_key = ?", Long.class, key);
			});
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
