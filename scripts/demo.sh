#!/usr/bin/env bash
# The main job on the bundled samples with the embedded defaults (SQLite + tantivy):
# ingest samples/inbox into a fresh demo home, then list, search and show the deadline report.
set -euo pipefail
cd "$(dirname "$0")/.."
# The demo needs OCR but neither the browser nor the PostgreSQL server that the tests use.
DOSSIER_SETUP_BROWSER=0 DOSSIER_SETUP_POSTGRES=0 bash scripts/setup.sh
# Always its own home: never touch a real dossier named by DOSSIER_HOME.
export DOSSIER_HOME="$PWD/demo-home"
unset DOSSIER_DATABASE_URL DOSSIER_CONFIG
rm -rf "$DOSSIER_HOME"
D=.venv/bin/dossier
echo "== dossier ingest samples/inbox"
$D ingest samples/inbox
echo; echo "== dossier list"
$D list
echo; echo "== dossier search opzegtermijn"
$D search opzegtermijn
echo; echo "== dossier report deadlines --as-of 2026-12-01"
$D report deadlines --as-of 2026-12-01
