#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK: the PostgreSQL server binaries, from Debian's packages.
# Safe to run again; does nothing when they are already there.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup: installing PostgreSQL server binaries (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
