"""The dossier store (SQLite by default, PostgreSQL by URL)."""

from contractdossier.store.store import Job, SavedDocument, Store, owner_alive, worker_identity

__all__ = ["Job", "SavedDocument", "Store", "owner_alive", "worker_identity"]
