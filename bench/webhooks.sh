#!/usr/bin/env bash
# Webhook benchmark: wrk against a bare Javalin endpoint and against Warden's POST /hooks/{name} (async and wait
# mode) in the same session, same 5 KB JSON body, -t2 -c64, rounds interleaved. Every Warden measurement sits between
# two of the bare endpoint's, and is compared with their mean: on a host whose speed drifts from minute to minute
# (these VMs' does by tens of percent), a ratio of measurements taken next to each other is the one that holds.
#   bench/webhooks.sh [rounds=3] [seconds=20]
# WARMUP=60 sets Warden's warm-up per mode in seconds.
# THREADS=1 also prints, per measurement, the server's CPU per request by thread group (to stderr).
# COMPARE=<path to another warden-runtime.jar> (e.g. built from an older commit in a git worktree) also runs a
# second Warden from that jar, measured in the same interleaved rounds: rows "async (compare)" and "wait (compare)";
# the two take turns going first (this build in odd rounds, the other in even ones).
# WARDEN_JAVA_OPTS adds JVM options to Warden; COMPARE_JAVA_OPTS, when set (even empty), replaces them for the
# compare Warden, so that COMPARE=<the same jar> measures JVM options against each other.
# Needs wrk (apt-get install wrk) and a JDK 21+ (found like ./warden does). Prints a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
seconds="${2:-20}"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
java="$JAVA_HOME/bin/java"

echo "bench: building..." >&2
(cd "$here" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  mvn -B -q -DskipTests package -pl bench -am >/dev/null)

work="$(mktemp -d /tmp/warden-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = "1" ]; then
    for f in wrk warden bare compare; do [ -f "$work/$f.log" ] && cp "$work/$f.log" "/tmp/warden-bench-$f.log"; done
    echo "bench: kept /tmp/warden-bench-*.log" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A 5 KB JSON body shaped like a Confluence Automation page event.
python3 - "$work/body.json" <<'PY'
import json, sys
labels = [{"name": f"label-{i}", "prefix": "global", "id": str(100000 + i)} for i in range(40)]
body = {"page": {"id": "123456789", "title": "Quarterly planning notes", "url": "https://example.atlassian.net/wiki/x",
                 "space": {"key": "ENG", "name": "Engineering"}, "version": 7, "labels": labels},
        "user": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Ada Lovelace"},
        "trigger": "page_published"}
text = json.dumps(body)
body["padding"] = "x" * max(0, 5120 - len(text) - 14)
open(sys.argv[1], "w").write(json.dumps(body))
PY
key="bench-admin-key-0123456789abcdefghijklmnop"
cat > "$work/post.lua" <<LUA
local f = io.open("$work/body.json", "r")
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = "$key"
LUA

mkdir -p "$work/rules"
cat > "$work/rules/bench.mjs" <<'JS'
import { rule, webhook } from 'warden';
export default rule({ id: 'bench', triggers: [webhook('bench')],
  run: ({ event }) => ({ ok: true, page: event.body.page.id }) });
JS

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bare_port="$(free_port)"
warden_port="$(free_port)"
flags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
cp="$here/bench/target/warden-bench.jar:$here/runtime/target/warden-runtime.jar:$here/runtime/target/lib/*"

"$java" "${flags[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  dev.warden.bench.webhooks.BareEndpoint "$bare_port" >"$work/bare.log" 2>&1 &
pids+=($!)
bare_pid=$!
# Warden as the launcher runs it (Graal JIT for JavaScript), on an H2 file in the temp folder.
WARDEN_HOST=127.0.0.1 WARDEN_PORT="$warden_port" WARDEN_DATA_DIR="$work/data" WARDEN_RULES_DIR="$work/rules" \
WARDEN_ADMIN_KEY="$key" WARDEN_CONFIG="$work/warden.yml" \
  "$java" "${flags[@]}" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  "--upgrade-module-path=$here/runtime/target/jvmci" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  ${WARDEN_JAVA_OPTS:-} -cp "$cp" dev.warden.cli.WardenCommand serve >"$work/warden.log" 2>&1 &
pids+=($!)
warden_pid=$!
echo "{}" > "$work/warden.yml"
ports=("$bare_port" "$warden_port")
if [ -n "${COMPARE:-}" ]; then
  [ -r "$COMPARE" ] || { echo "bench: COMPARE=$COMPARE is not a readable jar" >&2; exit 2; }
  compare_port="$(free_port)"
  WARDEN_HOST=127.0.0.1 WARDEN_PORT="$compare_port" WARDEN_DATA_DIR="$work/data-compare" WARDEN_RULES_DIR="$work/rules" \
  WARDEN_ADMIN_KEY="$key" WARDEN_CONFIG="$work/warden.yml" \
    "$java" "${flags[@]}" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
    "--upgrade-module-path=$here/runtime/target/jvmci" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    ${COMPARE_JAVA_OPTS-${WARDEN_JAVA_OPTS:-}} -cp "$here/bench/target/warden-bench.jar:$COMPARE:$here/runtime/target/lib/*" \
    dev.warden.cli.WardenCommand serve >"$work/compare.log" 2>&1 &
  pids+=($!)
  compare_pid=$!
  ports+=("$compare_port")
fi

for port in "${ports[@]}"; do
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health" -X GET 2>/dev/null && break
    curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/bare" -X POST -d '{}' 2>/dev/null | grep -q 200 && break
    sleep 0.2
  done
done

# Waits until Warden has run and stored everything it accepted, so one measurement's backlog does not slow the
# next: the queue is empty, then a read of the runs (which waits for the writer to store what it holds), then 1 s.
drain() {
  local base="${1%/hooks/*}"
  for _ in $(seq 1 600); do
    depth="$(curl -s -H "x-api-key: $key" "$base/metrics" | awk '/^warden_queue_depth /{print int($2)}')"
    if [ "${depth:-1}" = "0" ]; then
      curl -s -o /dev/null -H "x-api-key: $key" "$base/api/v1/runs?limit=1"
      sleep 1
      return
    fi
    sleep 0.5
  done
}

# CPU ticks (user + system) a process has used so far; stops the benchmark if the process is gone.
ticks() {
  if [ ! -r "/proc/$1/stat" ]; then
    echo "bench: server process $1 is gone; see the logs (KEEP=1 keeps them)" >&2
    exit 1
  fi
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# CPU ticks per thread group (thread names without digits) of a process, one "group ticks" line each.
thread_ticks() {
  for f in /proc/"$1"/task/*/stat; do
    cat "$f" 2>/dev/null
  done | python3 -c '
import sys, re, collections
c = collections.Counter()
for line in sys.stdin:
    name = line[line.index("(") + 1:line.rindex(")")]
    rest = line[line.rindex(")") + 2:].split()
    c[re.sub(r"[0-9]+", "N", name)] += int(rest[11]) + int(rest[12])
for k, v in c.items():
    print(k.replace(" ", "_"), v)'
}

# With THREADS=1: where the server's CPU went during a measurement, in µs per request by thread group (stderr).
thread_report() {
  python3 - "$1" "$2" "$3" "$4" "$(getconf CLK_TCK)" <<'PY2' >&2
import sys
name, before, after, total, hz = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def parse(t):
    return {l.split()[0]: int(l.split()[1]) for l in t.splitlines() if l.strip()}
b, a = parse(before), parse(after)
rows = sorted(((a[k] - b.get(k, 0)) * 1e6 / hz / total, k) for k in a)
print(f"bench: {name}: server CPU by thread group, µs per request")
for us, k in reversed(rows):
    if us >= 1:
        print(f"bench:   {k:32s} {us:7.1f}")
PY2
}

# measure <name> <url> <seconds> <server pid> -> "name rps p50 p99 non2xx total cpu-us-per-request"
# (the server's CPU per request counts the runs it finished meanwhile too; drain() waits for the rest)
measure() {
  local out before after threads_before=""
  before="$(ticks "$4")"
  [ "${THREADS:-0}" = "1" ] && threads_before="$(thread_ticks "$4")"
  out="$(wrk -t2 -c64 -d"$3"s --latency -s "$work/post.lua" "$2")"
  case "$2" in */hooks/*) drain "$2" ;; esac
  after="$(ticks "$4")"
  echo "$out" >>"$work/wrk.log"
  local rps p50 p99 non2xx total
  rps="$(echo "$out" | awk '/^Requests\/sec/{print $2}')"
  p50="$(echo "$out" | awk '$1=="50%"{print $2}')"
  p99="$(echo "$out" | awk '$1=="99%"{print $2}')"
  non2xx="$(echo "$out" | awk '/Non-2xx/{print $5}')"
  total="$(echo "$out" | awk '/requests in/{print $1}')"
  [ "${THREADS:-0}" = "1" ] && thread_report "$1" "$threads_before" "$(thread_ticks "$4")" "$total"
  echo "$1 $rps $p50 $p99 ${non2xx:-0} $total $(( (after - before) * 1000000 / $(getconf CLK_TCK) / total ))"
}

bare="http://127.0.0.1:$bare_port/bare"
async="http://127.0.0.1:$warden_port/hooks/bench"
waiting="http://127.0.0.1:$warden_port/hooks/bench?wait=20s"
# Warden needs a long warm-up on 2 cores: under load, HotSpot's compilers (which also compile the Graal compiler
# that compiles the rules) get little CPU, and were still busy after 30 s (about 20% of the CPU).
warmup="${WARMUP:-60}"
echo "bench: warming up (bare 10 s, Warden ${warmup} s per mode)..." >&2
measure warm "$bare" 10 "$bare_pid" >/dev/null || exit 1
measure warm "$async" "$warmup" "$warden_pid" >/dev/null || exit 1
measure warm "$waiting" "$warmup" "$warden_pid" >/dev/null || exit 1
plan=("async $async $warden_pid" "wait $waiting $warden_pid")
# With COMPARE, the two Wardens take turns going first: odd rounds measure this build first, even rounds the other,
# so that neither is always the one measured later in its life (more warmed up, a larger database).
swapped=("${plan[@]}")
if [ -n "${COMPARE:-}" ]; then
  measure warm "http://127.0.0.1:$compare_port/hooks/bench" "$warmup" "$compare_pid" >/dev/null || exit 1
  measure warm "http://127.0.0.1:$compare_port/hooks/bench?wait=20s" "$warmup" "$compare_pid" >/dev/null || exit 1
  compare_plan=("async-compare http://127.0.0.1:$compare_port/hooks/bench $compare_pid"
                "wait-compare http://127.0.0.1:$compare_port/hooks/bench?wait=20s $compare_pid")
  swapped=("${compare_plan[@]}" "${plan[@]}")
  plan+=("${compare_plan[@]}")
fi

# bare, async, bare, wait, bare, ... : each Warden measurement between two bare ones (a round's last bare
# measurement is the next round's first).
results=()
line="$(measure bare "$bare" "$seconds" "$bare_pid")" || exit 1
results+=("$line")
for round in $(seq 1 "$rounds"); do
  echo "bench: round $round of $rounds..." >&2
  order=("${plan[@]}")
  [ $((round % 2)) -eq 0 ] && order=("${swapped[@]}")
  for run in "${order[@]}"; do
    set -- $run
    line="$(measure "$1" "$2" "$seconds" "$3")" || exit 1
    results+=("$line")
    line="$(measure bare "$bare" "$seconds" "$bare_pid")" || exit 1
    results+=("$line")
  done
done
runs="$(curl -s -H "x-api-key: $key" "http://127.0.0.1:$warden_port/metrics" \
  | awk '/^warden_runs_total/{n+=$2} END{print int(n)}')"

printf '%s\n' "${results[@]}" >"$work/results.txt"
python3 - "$rounds" "$seconds" "$runs" "$work/results.txt" <<'PY'
import sys, statistics
rounds, seconds, runs = sys.argv[1], sys.argv[2], sys.argv[3]
def ms(t):
    return float(t[:-2]) if t.endswith("ms") else float(t[:-2]) / 1000 if t.endswith("us") else float(t[:-1]) * 1000
rows = {}
ratios = {}  # name -> [(req/s ratio, p99 ratio)], each against the mean of the bare measurements on either side
order = []
for line in open(sys.argv[4]).read().split("\n"):
    if not line.strip():
        continue
    name, rps, p50, p99, non2xx, total, cpu = line.split()
    ok = float(rps) * (1 - int(non2xx) / max(1, int(total)))
    row = (ok, ms(p50), ms(p99), int(non2xx), int(cpu))
    rows.setdefault(name, []).append(row)
    order.append((name, row))
for i, (name, row) in enumerate(order):
    if name == "bare":
        continue
    before, after = order[i - 1][1], order[i + 1][1]
    ratios.setdefault(name, []).append((row[0] / ((before[0] + after[0]) / 2), row[2] / ((before[2] + after[2]) / 2)))
print(f"wrk -t2 -c64 -d{seconds}s, 5 KB JSON body, {rounds} interleaved rounds, each Warden measurement between two "
      f"of the bare endpoint's; median (min-max); {runs} runs finished in Warden")
print()
print("| endpoint | 2xx req/s | p50 ms | p99 ms | non-2xx | server CPU µs/req | req/s vs bare | p99 vs bare |")
print("|---|---|---|---|---|---|---|---|")
def spread(vals, fmt):
    return f"{fmt(statistics.median(vals))} ({fmt(min(vals))}-{fmt(max(vals))})"
for name in ("bare", "async", "wait", "async-compare", "wait-compare"):
    if name not in rows:
        continue
    r = rows[name]
    def cell(i, fmt):
        return spread([x[i] for x in r], fmt)
    if name == "bare":
        vs_rps, vs_p99 = "100%", "1.0x"
    else:
        vs_rps = "**" + spread([x[0] for x in ratios[name]], lambda v: f"{v:.0%}") + "**"
        vs_p99 = "**" + spread([x[1] for x in ratios[name]], lambda v: f"{v:.1f}x") + "**"
    print(f"| {name.replace('-compare', ' (compare)')} | {cell(0, lambda v: f'{v:,.0f}')} | {cell(1, lambda v: f'{v:.2f}')} | "
          f"{cell(2, lambda v: f'{v:.1f}')} | {sum(x[3] for x in r)} | {cell(4, lambda v: f'{v:.0f}')} | "
          f"{vs_rps} | {vs_p99} |")
PY
