#!/usr/bin/env bash
# Purges what a load-test run (shadow traffic, docs/ARCHITECTURE.md ADR-25) left in every service:
#
#   scripts/purge-test-run.sh <run-id> [gateway-url] [admin-token]
#
# The gateway defaults to the local stack (http://localhost:8080); without a token, one is taken
# from the local development staff issuer (client admin). Each service answers the rows it deleted
# per table; the script fails if any service refuses.
set -euo pipefail
run="${1:?usage: purge-test-run.sh <run-id> [gateway-url] [admin-token]}"
gateway="${2:-http://localhost:8080}"
token="${3:-}"
if [[ -z "$token" ]]; then
  token=$(curl -sf --max-time 10 -u admin:admin-local-dev-only -d grant_type=client_credentials \
    http://localhost:9000/oauth2/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
fi
for service in members inventory promotions fulfillment; do
  echo "$service: $(curl -sf --max-time 60 -X DELETE -H "Authorization: Bearer $token" \
    "$gateway/admin/$service/test-runs/$run")"
done
