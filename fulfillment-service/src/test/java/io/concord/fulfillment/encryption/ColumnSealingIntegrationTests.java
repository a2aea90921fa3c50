package io.concord.fulfillment.encryption;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.catalog.Products;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup sweep: values stored in clear before encryption came, or under a previous
 * key, are sealed under the current key, once.
 */
class ColumnSealingIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	FieldEncryption encryption;

	@Autowired
	ColumnSealing sealing;

	@Autowired
	List<SealedColumn> columns;

	@Autowired
	Products products;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("L2: carrier and supplier secrets and shipping addresses stored in clear before the upgrade are sealed at startup")
	void l2_secretsAndAddressesStoredInClearBeforeTheUpgradeAreSealedAtStartup() {
		assertThat(this.columns).extracting(SealedColumn::table)
			.contains("carrier", "supplier", "customer_order", "purchase_order");
		String carrier = "OLD" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
		this.jdbc.update("insert into carrier (code, name, webhook_secret, active, updated_at) "
				+ "values (?, 'Old Carrier', 'old-carrier-secret-in-clear', true, now())", carrier);
		String member = UUID.randomUUID().toString();
		String orderId = placedOrder(member);
		this.jdbc.update("update customer_order set shipping_address = ? where order_id = ?",
				"{\"name\": \"Ada\", \"phone\": \"+8613700000000\", \"city\": \"Shanghai\"}", orderId);

		this.columns.forEach(this.sealing::seal);

		String secret = this.jdbc.queryForObject("select webhook_secret from carrier where code = ?", String.class,
				carrier);
		assertThat(secret).startsWith(this.encryption.currentPrefix());
		assertThat(this.encryption.open(secret, "carrier.webhook-secret:" + carrier))
			.isEqualTo("old-carrier-secret-in-clear");
		String address = this.jdbc.queryForObject("select shipping_address from customer_order where order_id = ?",
				String.class, orderId);
		assertThat(address).startsWith(this.encryption.currentPrefix()).doesNotContain("8613700000000");
		HttpResponse<String> view = TestHttp.call(base(), "GET", "/api/orders/" + orderId,
				TestIssuers.get().memberToken(UUID.fromString(member)), null);
		assertThat(JSON.readTree(view.body()).path("shippingAddress").path("phone").asString())
			.isEqualTo("+8613700000000");
		assertThat(this.columns.stream().mapToInt(this.sealing::seal).sum()).as("once").isZero();
	}

	@Test
	void duringARotationValuesUnderThePreviousKeyAreSealedAgainUnderTheNewOne() {
		this.jdbc.execute("create table if not exists sealing_rotation_test (id varchar(64) primary key, value text)");
		SealedColumn column = new SealedColumn("sealing_rotation_test", "id", "value", "test.value");
		FieldEncryption old = new FieldEncryption(new EncryptionProperties(FieldEncryptionTests.OLD_KEY, null));
		FieldEncryption rotated = new FieldEncryption(
				new EncryptionProperties(FieldEncryptionTests.NEW_KEY, List.of(FieldEncryptionTests.OLD_KEY)));
		String prefix = UUID.randomUUID().toString();
		this.jdbc.update("insert into sealing_rotation_test values (?, ?), (?, ?), (?, ?), (?, null)",
				prefix + "-clear", "in clear", prefix + "-old", old.seal("under k1", column.contextOf(prefix + "-old")),
				prefix + "-new", rotated.seal("under k2", column.contextOf(prefix + "-new")), prefix + "-null");

		ColumnSealing sweep = new ColumnSealing(rotated, List.of(column), this.jdbc);
		assertThat(sweep.seal(column)).isEqualTo(2);
		assertThat(this.jdbc.queryForList("select id, value from sealing_rotation_test where id like ? order by id",
				prefix + "%"))
			.allSatisfy((row) -> {
				String value = (String) row.get("value");
				if (value != null) {
					assertThat(value).startsWith("enc:k2:");
				}
			});
		assertThat(rotated.open(value(prefix + "-old"), column.contextOf(prefix + "-old"))).isEqualTo("under k1");
		assertThat(rotated.open(value(prefix + "-clear"), column.contextOf(prefix + "-clear"))).isEqualTo("in clear");
		FieldEncryption newOnly = new FieldEncryption(new EncryptionProperties(FieldEncryptionTests.NEW_KEY, null));
		assertThat(newOnly.open(value(prefix + "-old"), column.contextOf(prefix + "-old")))
			.as("the old key can go once the sweep has run")
			.isEqualTo("under k1");
		assertThat(sweep.seal(column)).isZero();
	}

	private String value(String id) {
		return this.jdbc.queryForObject("select value from sealing_rotation_test where id = ?", String.class, id);
	}

	private String placedOrder(String member) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "HOME", "ACME", 4900, "CNY", false, null));
		HttpResponse<String> placed = TestHttp.call(base(), "POST", "/api/orders",
				TestIssuers.get().memberToken(UUID.fromString(member)),
				"""
						{"channel": "APP", "lines": [{"sku": "%s", "quantity": 1}],
						 "shippingAddress": {"name": "Ada", "phone": "+8613700000000", "city": "Shanghai", "line1": "1 Bund"}}"""
					.formatted(sku));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return JSON.readTree(placed.body()).path("orderId").asString();
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
