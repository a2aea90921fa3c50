#!/usr/bin/env bash
# Builds the base image the container images can be built on without a registry:
# target/offline-base/concord-base.tar, in `docker save` layout (Jib reads it as tar://...).
#
#   scripts/offline-base-image.sh && ./mvnw -B package -DskipTests -Pimages-offline
#
# One layer: a Java runtime made with jlink from the build's JDK (the same Temurin release the
# production base image carries, eclipse-temurin:<version>-jre) at /opt/java/openjdk, the C library
# from Debian packages (apt-get download; the JVM needs nothing else), /etc/passwd with the non-root
# user 65532 the applications run as, and /tmp. Production builds use the pinned registry base
# (-Pimages); this exists so images can be built and checked where no registry is reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh

out=target/offline-base
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root" "$out"
chmod 755 "$work" # apt downloads as the _apt user

# The C library (and libgcc_s, which glibc loads for thread cancellation), Debian bookworm.
(cd "$work" && apt-get download -q libc6 libgcc-s1 >/dev/null)
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$root"
done
rm -rf "$root/usr/share/doc" "$root/usr/share/lintian" "$root/usr/share/locale" "$root/usr/lib/x86_64-linux-gnu/gconv"

# The Java runtime: every module of the JDK except the development tools, like a JRE.
modules=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' \
  | grep -v -E '^(jdk\.(compiler|javadoc|jshell|jlink|jpackage|jdeps|jartool|jconsole|jstatd|hotspot\.agent|editpad|incubator\..*|internal\.(ed|le|opt|jvmstat))|java\.compiler)$' \
  | paste -sd, -)
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$root/opt/java/openjdk"

mkdir -p "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
mkdir -p "$root/home/nonroot"

java_version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p')
python3 scripts/docker-save-tar.py "$root" "$out/concord-base.tar" "concord/base:offline" "$java_version"
echo "Wrote $out/concord-base.tar (Java $java_version)"
