package io.concord.fulfillment.ordering;

import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.FulfillmentIntegrationTest;
import io.concord.fulfillment.PartnerStub;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order line keeps the unit price promotion-service (the price authority) locked it
 * at, not the catalogue price fulfillment sent: an order placed before a price change
 * keeps its price, one placed after pays the new one.
 */
class QuotedPriceIntegrationTests extends FulfillmentIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	OrderPlacement placement;

	@Autowired
	Orders orders;

	@Autowired
	Products products;

	private final PartnerStub partners = PartnerStub.get();

	@Test
	@DisplayName("The order line stores the locked unit price; an order before a price change keeps it, one after pays the new one")
	void orderLinesKeepTheUnitPriceTheyWereLockedAt() {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		this.products.save(new Products.Product(sku, "Product " + sku, "APPAREL", "ACME", 1500, "CNY", false, null));
		this.partners.priceList.put(sku, 1200L);

		Orders.Order before = place(sku, 3);
		assertThat(before.lines().get(0).unitPriceMinor()).as("the quoted price, not the catalogue's 1,500")
			.isEqualTo(1200);
		// 3 x 1,200 - 1,000 (the stub's promotion) + 1,000 shipping.
		assertThat(before.payableMinor()).isEqualTo(3600);
		assertThat(before.lines().get(0).netMinor()).isEqualTo(2600);

		this.partners.priceList.put(sku, 1100L);
		Orders.Order after = place(sku, 3);
		assertThat(after.lines().get(0).unitPriceMinor()).isEqualTo(1100);
		assertThat(after.payableMinor()).isEqualTo(3300);
		assertThat(this.orders.get(before.orderId()).lines().get(0).unitPriceMinor()).as("placed before the change")
			.isEqualTo(1200);
		assertThat(this.orders.get(before.orderId()).payableMinor()).isEqualTo(3600);
	}

	private Orders.Order place(String sku, int quantity) {
		return this.placement.place(UUID.randomUUID(), "checkout-" + UUID.randomUUID(),
				new OrderPlacement.PlaceOrder("APP", List.of(new Partners.StockLine(sku, quantity)),
						JSON.readTree("{\"name\": \"Ada\", \"city\": \"Shanghai\"}"), "CN-SH", null, false, 0));
	}

}
