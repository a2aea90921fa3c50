#!/bin/bash
# One-shot (the kafka-init service): creates every Concord topic up front and brings the retention of
# existing ones to the values below. Idempotent: run it again after changing the table.
# Partitions only grow: a lower number here than on the broker is left as it is (kafka-topics refuses
# to shrink), a higher one is applied with --alter (note: this moves keys to other partitions, so
# per-aggregate ordering is broken for events in flight; do it when the topic is drained).
#
# Keep in step with k8s/base/kafka/topics.yaml and docs/operations.md ("Topics").
#
# topic                                    partitions  retention  producer             consumer groups
# concord.member.events.v1                          6  7 days     member-service       promotion-service
# concord.inventory.events.v1                      12  7 days     inventory-service    fulfillment-service, promotion-service
# concord.promotion.events.v1                       6  7 days     promotion-service    inventory-service
# concord.fulfillment.events.v1                    12  7 days     fulfillment-service  member-service, inventory-service, promotion-service
# concord.fulfillment.supplier-orders.v1            3  7 days     fulfillment-service  inventory-service, suppliers (partners)
# concord.partner.competitor-prices.v1              3  7 days     price feed partners  promotion-service
# concord.member-service.dead-letters               1  30 days    member-service       none (ops tooling)
# concord.inventory-service.dead-letters            1  30 days    inventory-service    none (ops tooling)
# concord.promotion-service.dead-letters            1  30 days    promotion-service    none (ops tooling)
# concord.fulfillment-service.dead-letters          1  30 days    fulfillment-service  none (ops tooling)
#
# Event topics keep 7 days: less than the consumers' inbox retention (concord.events.inbox-retention,
# 14 days), so a redelivered event is always still recognised as processed. Dead-letter topics are a
# copy for ops tooling; the services replay from their dead_letter table, not from these topics.
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP_SERVERS:-kafka:9092}"
REPLICATION="${REPLICATION_FACTOR:-1}"
BIN=/opt/kafka/bin
DAY_MS=86400000

topic() {
	local name="$1" partitions="$2" retention_ms="$3"
	"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
		--partitions "$partitions" --replication-factor "$REPLICATION" \
		--config "retention.ms=$retention_ms" --config cleanup.policy=delete
	local current
	current="$("$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic "$name" \
		| sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -1)"
	if [ -n "$current" ] && [ "$current" -lt "$partitions" ]; then
		"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --alter --topic "$name" --partitions "$partitions"
	fi
	"$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$name" \
		--add-config "retention.ms=$retention_ms"
}

topic concord.member.events.v1 6 $((7 * DAY_MS))
topic concord.inventory.events.v1 12 $((7 * DAY_MS))
topic concord.promotion.events.v1 6 $((7 * DAY_MS))
topic concord.fulfillment.events.v1 12 $((7 * DAY_MS))
topic concord.fulfillment.supplier-orders.v1 3 $((7 * DAY_MS))
topic concord.partner.competitor-prices.v1 3 $((7 * DAY_MS))
topic concord.member-service.dead-letters 1 $((30 * DAY_MS))
topic concord.inventory-service.dead-letters 1 $((30 * DAY_MS))
topic concord.promotion-service.dead-letters 1 $((30 * DAY_MS))
topic concord.fulfillment-service.dead-letters 1 $((30 * DAY_MS))

"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list
echo "kafka-init: topics ready"
