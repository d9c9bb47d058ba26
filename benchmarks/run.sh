#!/usr/bin/env bash
# Builds the benchmarks module (with the modules it depends on, tests skipped) and runs one suite.
#   benchmarks/run.sh endtoend [-Dbench.records=100000 -Dbench.rounds=2 ...]   records/s, CPU per record
#   benchmarks/run.sh jmh [JMH options, e.g. -prof gc -wi 2 -i 3 -f 1]          codec microbenchmarks
#   benchmarks/run.sh codec-cpu                                                  the same pairs by CPU time
#   benchmarks/run.sh startup [-Dstartup.runs=10]                                context start-up
#   benchmarks/run.sh exactlyonce [-Dbench.eos.records=100000 -Dbench.eos.rounds=3]  consume-transform-produce, exactly-once on vs off
#   benchmarks/run.sh soak [-Dsoak.records=5000000 -Dsoak.checkpoints=10]        load with failures: exact by id, heap per part
# Leading -D options go to the benchmark JVM; BENCH_JAVA_OPTS adds JVM options (e.g. JFR).
# BENCH_SKIP_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:?usage: benchmarks/run.sh endtoend|jmh|codec-cpu|startup|exactlyonce|soak [options]}
shift
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -Pbenchmarks -pl benchmarks -am -DskipTests package
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
props=()
while [ $# -gt 0 ] && [[ $1 == -D* ]]; do props+=("$1"); shift; done
# shellcheck disable=SC2086
java_opts=(-Xms1g -Xmx1g -XX:+UseG1GC ${BENCH_JAVA_OPTS:-})
case "$suite" in
  endtoend) exec java "${java_opts[@]}" "${props[@]}" -cp "$cp" dev.kafkautils.benchmarks.endtoend.EndToEndBenchmark "$@" ;;
  jmh)      exec java "${props[@]}" -cp "$cp" org.openjdk.jmh.Main 'dev.kafkautils.benchmarks.codec.*' "$@" ;;
  codec-cpu) exec java "${java_opts[@]}" "${props[@]}" -cp "$cp" dev.kafkautils.benchmarks.codec.CodecCpuComparison "$@" ;;
  exactlyonce) exec java "${java_opts[@]}" "${props[@]}" -cp "$cp" dev.kafkautils.benchmarks.exactlyonce.ExactlyOnceBenchmark "$@" ;;
  startup)  exec java "${props[@]}" -cp "$cp" dev.kafkautils.benchmarks.startup.StartupBenchmark "$@" ;;
  soak)     exec java "${java_opts[@]}" "${props[@]}" -cp "$cp" dev.kafkautils.benchmarks.soak.SoakRun "$@" ;;
  *) echo "unknown suite: $suite (endtoend, jmh, codec-cpu, startup, exactlyonce or soak)" >&2; exit 2 ;;
esac
