-- Every order's reservation lowers the connector rows of its SKUs at once (ConnectorStockHolds):
-- found by SKU across connectors.
create index connector_stock_by_sku on connector_stock (sku);
