"""A throwaway PostgreSQL server for the tests (and benchmarks).

``PgServer.start()`` runs Debian's ``initdb`` on a fresh temporary data directory and starts
``postgres`` on 127.0.0.1 and a free port with trust authentication, fsync off. As root it runs
the server as the ``postgres`` OS user (PostgreSQL refuses to run as root). ``stop()`` stops it
and deletes the directory. ``why_not()`` says why no server can be started here, or None.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "dossier"
_counter = itertools.count(1)


def _bindir() -> Path | None:
    env = os.environ.get("DOSSIER_PG_BINDIR")
    candidates = [env] if env else []
    debian = Path("/usr/lib/postgresql")
    versions = [p for p in debian.glob("*/bin") if p.parent.name.isdigit()]
    candidates += [str(p) for p in sorted(versions, key=lambda p: -int(p.parent.name))]
    for cand in candidates:
        if cand and (Path(cand) / "initdb").exists() and (Path(cand) / "pg_ctl").exists():
            return Path(cand)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _run_as() -> str | None:
    """The OS user to run the server as: None for the current user, else a non-root name."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    return None


def why_not() -> str | None:
    if _bindir() is None:
        return "no PostgreSQL server binaries (initdb/pg_ctl); scripts/setup.sh installs them"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    if os.geteuid() == 0 and _run_as() is None:
        return "running as root and no 'postgres' or 'nobody' user to run the server as"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to drop privileges"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    datadir: Path
    port: int
    user: str | None
    log: Path
    _root: Path = field(repr=False, default=Path())

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def start(cls, timeout: float = 60.0) -> PgServer:
        reason = why_not()
        if reason:
            raise RuntimeError(reason)
        bindir = _bindir()
        assert bindir is not None
        user = _run_as()
        root = Path(tempfile.mkdtemp(prefix="dossier-pg-"))
        root.chmod(0o755)
        datadir = root / "data"
        log = root / "server.log"
        if user:
            pw = pwd.getpwnam(user)
            os.chown(root, pw.pw_uid, pw.pw_gid)
        (root / "owner").write_text(str(os.getpid()))  # for reap_orphans() after a kill
        server = cls(bindir, datadir, 0, user, log, root)
        try:
            server._cmd(
                "initdb",
                "-D",
                str(datadir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-N",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            )
            server._start(timeout)
        except BaseException:
            server._cleanup()
            raise
        return server

    def _start(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:  # a port taken meanwhile: try another
            self.port = _free_port()
            opts = (
                f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                f"-c unix_socket_directories={self.datadir} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
            )
            try:
                self._cmd(
                    "pg_ctl",
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.log),
                    "-o",
                    opts,
                    "-w",
                    "-t",
                    str(max(5, int(deadline - time.monotonic()))),
                    "start",
                )
            except subprocess.CalledProcessError as e:
                last = (e.stderr or "") + self._log_tail()
                continue
            if self._wait_ready(deadline):
                return
        raise RuntimeError(f"PostgreSQL did not start: {last}{self._log_tail()}")

    def _wait_ready(self, deadline: float) -> bool:
        import psycopg

        while time.monotonic() < deadline:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        return False

    @classmethod
    def reap_orphans(cls) -> int:
        """Stop and remove servers whose test process died without stopping them (a run
        killed by a timeout): those whose ``owner`` file names a process that is gone."""
        bindir = _bindir()
        reaped = 0
        for root in Path(tempfile.gettempdir()).glob("dossier-pg-*"):
            try:
                pid = int((root / "owner").read_text())
                os.kill(pid, 0)
                continue  # its owner still runs
            except (OSError, ValueError) as e:
                if isinstance(e, PermissionError) or not (root / "owner").exists():
                    continue  # alive under another user, or not one of ours
            if bindir is not None and (root / "data").is_dir():
                orphan = cls(bindir, root / "data", 0, _run_as(), root / "server.log", root)
                with contextlib.suppress(subprocess.CalledProcessError, OSError):
                    orphan._cmd(
                        "pg_ctl", "-D", str(orphan.datadir), "-m", "immediate", "-w", "stop"
                    )
            shutil.rmtree(root, ignore_errors=True)
            reaped += 1
        return reaped

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._cmd("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        self._cleanup()

    def _cleanup(self) -> None:
        shutil.rmtree(self._root, ignore_errors=True)

    # -- use ---------------------------------------------------------------------------------

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- plumbing ----------------------------------------------------------------------------

    def _cmd(self, program: str, *args: str) -> None:
        argv = [str(self.bindir / program), *args]
        if self.user:
            argv = ["runuser", "-u", self.user, "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, text=True, cwd=self._root)

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""
