# Sourced by ./concord and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps a suitable JAVA_HOME or `java` on the PATH; otherwise picks the newest JDK >= 21
# under /usr/lib/jvm or /opt (where Debian and Temurin packages install them).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
concord_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
    return 0
  fi
  best=""; best_version=0
  for candidate in /usr/lib/jvm/* /opt/*jdk* /opt/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    version="$(java_major "$candidate/bin/java")"
    if [ -n "$version" ] && [ "$version" -ge 21 ] 2>/dev/null && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  if [ -z "$best" ]; then
    echo "Concord needs a JDK 21 or newer: set JAVA_HOME to one." >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}
concord_select_jdk
export PATH="$JAVA_HOME/bin:$PATH"
