#!/usr/bin/env bash
# Opens a generated .docx or .xlsx in LibreOffice (headless) and renders it to PDF and to one PNG per page, so a
# person or a test can see that it opens and how it looks. Installs LibreOffice, CJK fonts and poppler if missing.
# Usage: bash scripts/render-document.sh FILE.docx|FILE.xlsx [OUT_DIR]   (prints the paths it wrote)
set -euo pipefail
file="$1"
out="${2:-$(dirname "$file")}"
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup.sh" --documents >/dev/null
mkdir -p "$out"
# A private profile: a second LibreOffice on the machine, or a leftover lock, must not block the conversion.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$file" >/dev/null 2>&1
pdf="$out/$(basename "${file%.*}").pdf"
if [ ! -s "$pdf" ]; then
  echo "LibreOffice 未能打开或转换: $file" >&2
  exit 1
fi
pdftoppm -png -r 80 "$pdf" "${pdf%.pdf}"
echo "$pdf"
ls "${pdf%.pdf}"-*.png
