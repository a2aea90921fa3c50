package io.concord.fulfillment.catalog;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The sellable catalogue with list prices in minor units. */
@Component
public class Products {

	public record Product(String sku, String name, @Nullable String category, @Nullable String brand,
			long unitPriceMinor, String currency, boolean dropship, @Nullable String supplierId) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	Products(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
	}

	/**
	 * Creates or changes a product. Within a transaction, so a load-test run's product is
	 * tagged as its run's; a run may change only its own products (else 422
	 * {@code test-run-real-product}: load tests never reprice the real catalogue,
	 * ADR-25).
	 */
	@Transactional
	public Product save(Product product) {
		int saved = this.jdbc
			.sql("""
					insert into product (sku, name, category, brand, unit_price_minor, currency, dropship, supplier_id, updated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)
					on conflict (sku) do update set name = excluded.name, category = excluded.category,
					  brand = excluded.brand, unit_price_minor = excluded.unit_price_minor, currency = excluded.currency,
					  dropship = excluded.dropship, supplier_id = excluded.supplier_id, updated_at = excluded.updated_at
					where excluded.test_run is null or product.test_run = excluded.test_run""")
			.params(product.sku(), product.name(), product.category(), product.brand(), product.unitPriceMinor(),
					product.currency(), product.dropship(), product.supplierId(), Timestamp.from(this.clock.instant()))
			.update();
		if (saved == 0) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("test-run-real-product"), "Real product",
					"Shadow traffic (test run " + TestRun.current()
							+ ") may change only the products its run created, not " + product.sku() + ".");
		}
		return find(product.sku());
	}

	public Product find(String sku) {
		return this.jdbc.sql("select * from product where sku = ?")
			.params(sku)
			.query(Product.class)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Product", sku));
	}

	/** The products of these SKUs; unknown ones are simply absent. */
	public Map<String, Product> findAll(Collection<String> skus) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("select * from product where sku in (:skus)")
			.param("skus", skus)
			.query(Product.class)
			.list()
			.stream()
			.collect(Collectors.toMap(Product::sku, Function.identity()));
	}

	public List<Product> list() {
		return this.jdbc.sql("select * from product order by sku limit 1000").query(Product.class).list();
	}

}
