#!/usr/bin/env bash
# Precision, recall and F1 of the document reader on the reading corpus (the documents it was developed on: fit, not
# generality) and on the seeds, with every missed and extra item. Usage: bash scripts/score-reader.sh   (builds the CLI first)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Yardstick.Cli -c Release -v quiet -nologo >/dev/null
artifacts/bin/Yardstick.Cli/release/yardstick read --score tests/reading-corpus --verbose
artifacts/bin/Yardstick.Cli/release/yardstick read --score tests/Yardstick.Core.Tests/Documents/TestData --verbose
