package io.concord.fulfillment.catalog;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Ops set list prices ({@code /admin/fulfillment/products/...}). */
@Tag(name = "products", description = "What is for sale and at what list price (minor units), per SKU.")
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

	@Operation(summary = "Create or replace a product",
			description = "Sets the product a SKU is sold as: name, category, brand, list price in minor units and currency, drop-ship flag and supplier. Orders are priced from it. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"name\":\"Down jacket, black, M\",\"category\":\"outerwear\",\"brand\":\"Concord Basics\",\"unitPriceMinor\":69900,\"currency\":\"CNY\",\"dropship\":false,\"supplierId\":\"SUP-WARMTH\"}")))
	@ProblemResponse(status = 422, type = "test-run-real-product",
			when = "a load-test run tries to change a real product")
	@PutMapping("/admin/fulfillment/products/{sku}")
	Products.Product save(@PathVariable @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}") String sku,
			@Valid @RequestBody ProductRequest request) {
		return this.products.save(
				new Products.Product(sku, request.name(), request.category(), request.brand(), request.unitPriceMinor(),
						request.currency(), Boolean.TRUE.equals(request.dropship()), request.supplierId()));
	}

	@Operation(summary = "Get a product",
			description = "Answers the product with its list price. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no product with this SKU")
	@GetMapping("/admin/fulfillment/products/{sku}")
	Products.Product find(@PathVariable String sku) {
		return this.products.find(sku);
	}

	@Operation(summary = "List products",
			description = "Answers every product with its list price. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/products")
	List<Products.Product> list() {
		return this.products.list();
	}

}
