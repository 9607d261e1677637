"""Drop-folder ingestion: scan, watch, ledger-driven batch runner, quarantine."""
