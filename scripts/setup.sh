#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, from Debian's packages: the PostgreSQL server binaries (store
# tests run a throwaway server), LibreOffice with CJK fonts and poppler (reports are opened and rendered to
# PDF/PNG by scripts/render-document.sh), and Chromium (report charts and the PDF edition). Safe to run again; does nothing when they are already there.
# --documents: only the document tools.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
updated=""
install() {
  [ -n "$updated" ] || { $SUDO apt-get update -qq; updated=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if [ "${1:-}" != "--documents" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup: installing PostgreSQL server binaries (apt-get)" >&2
  install postgresql
fi
# (grep -q would close the pipe early and pipefail would call that a failure; collect the list first.)
# Liberation: metric-compatible with Times New Roman, which government documents set figures in — without it LibreOffice
# prints them in DejaVu Serif, wider, and a PDF's lines break elsewhere than Word breaks them.
fonts="$(fc-list : family 2>/dev/null || true)"
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null || ! grep -qi "Noto Sans CJK" <<<"$fonts" \
  || ! grep -qi "Liberation Serif" <<<"$fonts"; then
  echo "setup: installing LibreOffice, CJK and Liberation fonts and poppler (apt-get)" >&2
  install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-liberation2 poppler-utils
fi
if ! command -v chromium >/dev/null; then
  echo "setup: installing Chromium (apt-get): report charts, PDF and the web app's browser tests" >&2
  install chromium
fi
if [ "${1:-}" != "--documents" ] && ! command -v qrencode >/dev/null; then
  echo "setup: installing qrencode (apt-get): the web tests check the two-factor QR code against it" >&2
  install qrencode
fi
if [ "${1:-}" != "--documents" ] && ! /usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1; then
  echo "setup: installing python3-aiosmtpd (apt-get): the message tests deliver e-mail to a real SMTP server on loopback" >&2
  install python3-aiosmtpd
fi
# The web app's build copies ECharts from npm into wwwroot (src/Yardstick.Web/package.json).
if [ "${1:-}" != "--documents" ] && ! command -v npm >/dev/null; then
  echo "setup: installing Node.js and npm (apt-get): the web app's front-end packages" >&2
  install nodejs npm
fi
