#!/usr/bin/env bash
# Writes a .env for docker-compose.yml from .env.example, with a fresh random value for every empty
# setting: keys (*_KEY) are base64 of 32 random bytes, passwords and secrets 32 random hex digits
# (no characters compose or a shell would interpret). Settings with a value keep it.
#
#   scripts/generate-env.sh            # writes .env next to docker-compose.yml; refuses to overwrite
#   scripts/generate-env.sh --force    # replaces an existing .env (its secrets are lost: a database
#                                      # created with the old passwords no longer lets them in)
#   scripts/generate-env.sh FILE       # writes FILE instead
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
template="$root/.env.example"
target="$root/.env"
force=false
for argument in "$@"; do
  case "$argument" in
    --force) force=true ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) target="$argument" ;;
  esac
done

command -v openssl >/dev/null 2>&1 || { echo "openssl is needed to generate secrets" >&2; exit 1; }
if [ -e "$target" ] && [ "$force" != true ]; then
  echo "$target exists; keep it, or run with --force to replace it (its secrets are lost)" >&2
  exit 1
fi

umask 077
generated="$(mktemp "${target}.XXXXXX")"
trap 'rm -f "$generated"' EXIT
while IFS= read -r line || [ -n "$line" ]; do
  if [[ "$line" =~ ^([A-Z][A-Z0-9_]*)=$ ]]; then
    name="${BASH_REMATCH[1]}"
    case "$name" in
      FULFILLMENT_SECRETS_ENCRYPTION_KEY) value="k1:$(openssl rand -base64 32)" ;;
      *_KEY) value="$(openssl rand -base64 32)" ;;
      *) value="$(openssl rand -hex 16)" ;;
    esac
    printf '%s=%s\n' "$name" "$value"
  else
    printf '%s\n' "$line"
  fi
done < "$template" > "$generated"
mv "$generated" "$target"
trap - EXIT
echo "Wrote $target with new random secrets (mode 600). Keep it safe; never commit it."
