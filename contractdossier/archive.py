"""Content-addressed archive of every original file, by SHA-256.

``archive/ab/abcdef....pdf`` holds the exact bytes. A file is copied into a temporary file in the
same folder while it is hashed (one read), flushed and fsynced, then renamed into place, so the
archive never holds a half-written original. Originals are never modified or removed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contractdossier import faults
from contractdossier.errors import DiskFullError, InputFileError, StoreError

_CHUNK = 1 << 20
_INCOMING = ".incoming-"  # + writer's pid + "-" + random: a copy not yet renamed into place


@dataclass(frozen=True, slots=True)
class Archived:
    sha256: str
    size: int
    relpath: str  # relative to the archive root


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, relpath: str) -> Path:
        return self.root / relpath

    @staticmethod
    def relpath_for(sha256: str, suffix: str = ".pdf") -> str:
        return f"{sha256[:2]}/{sha256}{suffix}"

    def put(self, source: Path) -> Archived:
        """Copy ``source`` into the archive (unless its content is there) and return its hash."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=f"{_INCOMING}{os.getpid()}-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            try:
                src = source.open("rb")
            except FileNotFoundError as e:
                raise InputFileError(f"file vanished before it could be read: {source}") from e
            except OSError as e:
                raise InputFileError(f"cannot read {source}: {e.strerror}") from e
            with src, os.fdopen(fd, "wb") as out:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            faults.point("archive_write")
            sha = digest.hexdigest()
            rel = self.relpath_for(sha)
            final = self.root / rel
            if final.exists() and final.stat().st_size == size:
                tmp.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                tmp.chmod(0o400)
                tmp.replace(final)
                _fsync_dir(final.parent)
            return Archived(sha, size, rel)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            if e.errno == errno.ENOSPC:
                raise DiskFullError(f"no space left on device while archiving {source}") from e
            raise StoreError(f"cannot write the archive at {self.root}: {e}") from e
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def sweep_incoming(self) -> int:
        """Remove temporary copies left by processes that died mid-copy (kill -9, power cut).

        Each temporary file names the process writing it; those of live processes stay.
        """
        removed = 0
        for tmp in self.root.glob(f"{_INCOMING}*"):
            pid = tmp.name.removeprefix(_INCOMING).split("-", 1)[0]
            if pid.isdecimal() and _alive(int(pid)):
                continue
            tmp.unlink(missing_ok=True)
            removed += 1
        return removed

    def verify(self, relpath: str, sha256: str) -> bool:
        path = self.root / relpath
        if not path.is_file():
            return False
        return sha256_of(path) == sha256


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
