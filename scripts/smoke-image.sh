#!/usr/bin/env bash
# Starts an application from its image tarball without a container engine, to show the image works:
# unpacks the layers, mounts /proc, runs the image's entrypoint in a chroot as the image's user, and
# waits until /actuator/health/readiness answers on the given port. Needs root (chroot, mount).
#
#   sudo scripts/smoke-image.sh dev-staff-issuer/target/jib-image.tar 9000 [seconds]
#
# The services need PostgreSQL and Kafka (point SPRING_DATASOURCE_URL etc. at them in the environment,
# which is passed through); dev-staff-issuer needs nothing.
set -euo pipefail
image="$1"; port="$2"; wait_seconds="${3:-90}"
work=$(mktemp -d)
root="$work/root"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/image" "$root"
tar xf "$image" -C "$work/image"
python3 - "$work/image" "$root" > "$work/entry" <<'PY'
import json, sys, tarfile
image, root = sys.argv[1:3]
manifest = json.load(open(image + "/manifest.json"))[0]
for layer in manifest["Layers"]:
    with tarfile.open(image + "/" + layer) as tar:
        tar.extractall(root)
config = json.load(open(image + "/" + manifest["Config"]))["config"]
print(config.get("User", "0:0"))
print("\0".join(config["Entrypoint"] + (config.get("Cmd") or [])))
PY
user=$(sed -n 1p "$work/entry")
mapfile -d '' -t entrypoint < <(sed -n 2p "$work/entry" | tr -d '\n')
mkdir -p "$root/proc" && mount -t proc proc "$root/proc"
# The image's PATH puts the runtime's bin first; chroot does not read it, so resolve `java` here.
[ "${entrypoint[0]}" = java ] && entrypoint[0]=/opt/java/openjdk/bin/java
chroot --userspec="$user" "$root" "${entrypoint[@]}" > "$work/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 "$wait_seconds"); do
  if answer=$(curl -fsS "http://localhost:$port/actuator/health/readiness" 2>/dev/null); then
    echo "$(basename "$(dirname "$(dirname "$image")")"): ready as $user — $answer"
    grep -m1 -o 'Started .* in [0-9.]* seconds' "$work/app.log" || true
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
echo "not ready; the application's log:" >&2
tail -40 "$work/app.log" >&2
exit 1
