-- fulfillment-service's own tables arrive with its features; version 1 marks the service's baseline.
select 1;
