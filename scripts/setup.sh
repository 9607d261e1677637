#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/test.sh: system packages (when missing and the
# machine allows it), a virtual environment in .venv, and the package with its dev extras.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
  grep -qx nld <<<"$langs" || need_apt+=(tesseract-ocr-nld)
  grep -qx eng <<<"$langs" || need_apt+=(tesseract-ocr-eng)
else
  need_apt+=(tesseract-ocr-nld tesseract-ocr-eng)
fi
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# PostgreSQL server binaries (15+): the tests start a throwaway server on loopback with them
# (tests/pg.py); without them the PostgreSQL tests are skipped. DOSSIER_SETUP_POSTGRES=0 skips.
if [ "${DOSSIER_SETUP_POSTGRES:-1}" = 1 ]; then
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
fi
# Headless Chromium renders the HTML report once in the tests (tests only; skipped without it).
if [ "${DOSSIER_SETUP_BROWSER:-1}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  # A failed install is not fatal: the tests that need a missing tool skip and say why.
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing ${need_apt[*]} (Debian packages)" >&2
    { apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null; } ||
      echo "note: could not install ${need_apt[*]}; the tests that need them are skipped" >&2
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    { sudo apt-get update -qq >/dev/null &&
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null; } ||
      echo "note: could not install ${need_apt[*]}; the tests that need them are skipped" >&2
  else
    echo "note: missing ${need_apt[*]}; scanned PDFs will not be OCR'd and OCR tests are skipped" >&2
  fi
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"
