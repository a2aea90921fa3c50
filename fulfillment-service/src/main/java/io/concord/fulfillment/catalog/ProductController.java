package io.concord.fulfillment.catalog;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Ops set list prices ({@code /admin/fulfillment/products/...}). */
@RestController
class ProductController {

	record ProductRequest(@NotBlank @Size(max = 200) String name, @Nullable @Size(max = 64) String category,
			@Nullable @Size(max = 64) String brand, @NotNull @PositiveOrZero Long unitPriceMinor,
			@NotNull @Pattern(regexp = "[A-Z]{3}") String currency, @Nullable Boolean dropship,
			@Nullable @Size(max = 64) String supplierId) {
	}

	private final Products products;

	ProductController(Products products) {
		this.products = products;
	}

	@PutMapping("/admin/fulfillment/products/{sku}")
	Products.Product save(@PathVariable @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}") String sku,
			@Valid @RequestBody ProductRequest request) {
		return this.products.save(
				new Products.Product(sku, request.name(), request.category(), request.brand(), request.unitPriceMinor(),
						request.currency(), Boolean.TRUE.equals(request.dropship()), request.supplierId()));
	}

	@GetMapping("/admin/fulfillment/products/{sku}")
	Products.Product find(@PathVariable String sku) {
		return this.products.find(sku);
	}

	@GetMapping("/admin/fulfillment/products")
	List<Products.Product> list() {
		return this.products.list();
	}

}
