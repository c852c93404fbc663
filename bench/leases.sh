#!/usr/bin/env bash
# Admin-key calls per burst of overlapping leased runs and the latency a lease adds: ./bench/leases.sh [pairs]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
if [ ! -x "$java" ]; then java="$(ls -d /usr/lib/jvm/temurin-2*/bin/java | tail -n 1)"; fi
export JAVA_HOME="$(cd "$(dirname "$java")/.." && pwd)"
(cd "$here" && MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow" mvn -B -q -DskipTests package -pl bench -am >/dev/null)
exec "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dpolyglot.engine.WarnInterpreterOnly=false \
  -cp "$here/bench/target/warden-bench.jar:$here/bench/target/lib/*" dev.warden.bench.leases.LeaseBenchmark "$@"
