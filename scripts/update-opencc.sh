#!/usr/bin/env bash
# Refreshes the traditional→simplified tables in src/Yardstick.Core/Documents/OpenCC from npm's opencc-js
# (MIT; the tables are OpenCC's, Apache-2.0). Run by hand when upgrading; the build never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-1.4.2}"
work=$(mktemp -d)
(cd "$work" && npm pack --silent "opencc-js@$version" >/dev/null 2>&1 && tar xzf opencc-js-*.tgz)
out=src/Yardstick.Core/Documents/OpenCC
for dict in TSPhrases TSCharacters; do
  # Each file is `export default "trad simp[ alt…]|…"`: one entry per line, tab between the two forms.
  sed -e 's/^export default "//' -e 's/";\?$//' "$work/package/dist/esm-lib/dict/$dict.js" \
    | tr '|' '\n' | awk 'NF >= 2 { print $1 "\t" $2 }' > "$out/$dict.txt"
done
cp "$work/package/LICENSE" "$out/LICENSE-opencc-js.txt"
cp "$work/package/LICENSES/Apache-2.0.txt" "$out/LICENSE-OpenCC-Apache-2.0.txt"
echo "opencc-js $version: $(wc -l < "$out/TSPhrases.txt") phrases, $(wc -l < "$out/TSCharacters.txt") characters"
rm -rf "$work"
