#!/usr/bin/env bash
# Precision and recall of the document reader on every seed with a hand-checked expected reading.
# Usage: bash scripts/score-reader.sh   (builds the CLI first; prints one block per seed, missed and extra items included)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Yardstick.Cli -c Release -v quiet -nologo >/dev/null
data=tests/Yardstick.Core.Tests/Documents/TestData
for expected in "$data"/*.expected.json; do
  artifacts/bin/Yardstick.Cli/release/yardstick read "${expected%.expected.json}.txt" --score "$expected"
done
