/**
 * Channel connectors (ADR-33): the marketplaces and livestream shops a brand sells on but
 * does not run. One {@link io.concord.fulfillment.connectors.Connector} per external
 * channel account, configured by ops, with its SKU mapping and its secrets as references
 * ({@link io.concord.fulfillment.connectors.ConnectorSecrets}). Each platform is one
 * adapter behind {@link io.concord.fulfillment.connectors.ChannelPlatform}: orders come
 * in (signed webhook and periodic pull) and are placed through the same saga as
 * storefront orders; stock, prices and shipment tracking go out. Owns {@code connector},
 * {@code connector_sku} and the connector_* tables of orders in and pushes out.
 */
@ApplicationModule(allowedDependencies = { "ordering :: channel-orders", "catalog", "shipping :: events",
		// the dispatched parcel's carrier and tracking number, to tell the platform
		"shipping",
		// the full stock re-sync reads ATP from inventory-service (Partners.availability)
		"partners" })
@NullMarked
package io.concord.fulfillment.connectors;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
