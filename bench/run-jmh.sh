#!/usr/bin/env bash
# Builds and runs the JMH benchmarks from the project folder. Arguments go to JMH, e.g.
#   bench/run-jmh.sh SearchBenchmark -p distractors=0
#   bench/run-jmh.sh AskBenchmark
#   bench/run-jmh.sh IndexBenchmark
# The distractor runs need bench/fetch-distractors.sh first. Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package -pl bench -am
java -jar bench/target/benchmarks.jar "$@"
