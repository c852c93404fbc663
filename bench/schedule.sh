#!/usr/bin/env bash
# The schedules benchmark: 10,000 rules firing once a minute on H2, start-up time, heap and fire lag.
#   bench/schedule.sh [rules=10000] [minutes=5] [threads=4] [dir=target/schedule-bench]
# Heap is capped at 1 GiB (the target); results go to stdout. See BENCHMARKS.md, section Schedules.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
(cd "$here" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  mvn -B -q -DskipTests package -pl bench -am)
cd "$here/bench"
exec "$JAVA_HOME/bin/java" -Xmx1g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI "--upgrade-module-path=$here/runtime/target/jvmci" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$here/bench/target/warden-bench.jar:$here/runtime/target/warden-runtime.jar:$here/runtime/target/lib/*" \
  dev.warden.bench.ScheduleBench "$@"
