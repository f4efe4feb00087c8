#!/usr/bin/env bash
# Load figures for the embedded server (loopback only): IDLE greeted connections held open while
# SENDERS connections deliver MESSAGES messages; every stored message is checked by SHA-256.
# Prints connections held, messages/s while loaded, latency p50/p99 and heap used.
#   scripts/server-load.sh [IDLE=2000] [SENDERS=4] [MESSAGES=500]
# About 2 x IDLE file descriptors (both ends live in this one JVM); the open-file limit must allow it.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
build="${PIGEON_BUILD_DIR:-target-load}"
./mvnw -B -q -o -Dpigeon.buildDir="$build" -pl pigeon-core test-compile
"$JAVA_HOME/bin/java" -Xmx${PIGEON_LOAD_HEAP:-512m} \
    -cp "pigeon-core/$build/classes:pigeon-core/$build/test-classes" \
    dev.pigeon.server.ServerLoad "${1:-2000}" "${2:-4}" "${3:-500}"
