package io.concord.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Stock per SKU x location x channel, available-to-promise, reservations and demand
 * forecasting.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InventoryServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(InventoryServiceApplication.class, args);
	}

}
