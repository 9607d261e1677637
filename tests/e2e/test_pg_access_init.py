"""Two initialisations of a brand-new dossier at once make exactly one first beheerder.

``AccessControl.init`` checks for an existing beheerder and then inserts one. Run at the same
time by two processes (two machines on one PostgreSQL database), both used to find none and
both became beheerder. The threaded tests force that interleaving: every read of the grants
inside ``init`` waits (up to a deadline) until the other initialisation has read them too, which
is what happens when neither serialises. The process test runs two real ``init`` calls
against the same new database without any help.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select

from contractdossier.access import BEHEERDER
from contractdossier.access_store import AccessControl
from contractdossier.errors import AccessDeniedError
from contractdossier.settings import Settings
from contractdossier.store import Store, schema

ROOT = Path(__file__).resolve().parents[2]
RENDEZVOUS = 2.0  # seconds a grants read waits for the other initialisation's read


@pytest.fixture(params=["postgresql", "sqlite"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'dossier.sqlite3'}"


@pytest.fixture
def interleaved(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each grants read waits until the other thread's read, or RENDEZVOUS seconds."""
    barrier = threading.Barrier(2)
    original = AccessControl._store_grants

    def read_then_wait(conn: Connection) -> tuple:  # type: ignore[type-arg]
        grants = original(conn)
        # Broken: the other one is not reading now (it waits for us), so go on.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=RENDEZVOUS)
        return grants

    monkeypatch.setattr(AccessControl, "_store_grants", staticmethod(read_then_wait))
    yield


def init_all(url: str, users: list[str], tmp_path: Path) -> list[bool | Exception]:
    Store.open(url).close()  # the schema exists; the dossier has no grants yet
    stores = [Store.open(url) for _ in users]
    try:
        controls = [AccessControl(s, Settings(home=tmp_path / f"home{i}"))
                    for i, s in enumerate(stores)]

        def call(i: int) -> Callable[[], bool | Exception]:
            def run() -> bool | Exception:
                try:
                    return controls[i].init(users[i])
                except AccessDeniedError as e:
                    return e
            return run

        with ThreadPoolExecutor(max_workers=len(users)) as pool:
            futures = [pool.submit(call(i)) for i in range(len(users))]
            return [f.result(timeout=60) for f in futures]
    finally:
        for s in stores:
            s.close()


def beheerders(url: str) -> list[str]:
    store = Store.open(url)
    try:
        t = schema.grants
        with store.engine.connect() as conn:
            return sorted(conn.execute(select(t.c.principal).where(t.c.role == BEHEERDER))
                          .scalars())
    finally:
        store.close()


def init_entries(url: str) -> int:
    store = Store.open(url)
    try:
        t = schema.audit
        with store.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t)
                                    .where(t.c.action == "init")).scalar_one())
    finally:
        store.close()


@pytest.mark.usefixtures("interleaved")
def test_two_users_initialising_at_once_make_one_beheerder(url: str, tmp_path: Path) -> None:
    results = init_all(url, ["alice", "bob"], tmp_path)

    assert sorted(type(r).__name__ for r in results) == ["AccessDeniedError", "bool"]
    winner = ["alice", "bob"][results.index(True)]
    loser = next(r for r in results if isinstance(r, Exception))
    assert str(loser) == (f"this dossier already has a beheerder (user:{winner}); ask one of "
                          "them for a grant")
    assert beheerders(url) == [winner]
    assert init_entries(url) == 1


@pytest.mark.usefixtures("interleaved")
def test_one_user_initialising_twice_at_once_is_one_grant(url: str, tmp_path: Path) -> None:
    results = init_all(url, ["alice", "alice"], tmp_path)

    assert sorted(results, key=str) == [False, True]
    assert beheerders(url) == ["alice"]
    assert init_entries(url) == 1


INIT = """
import sys, time
from pathlib import Path
from contractdossier.access_store import AccessControl
from contractdossier.errors import AccessDeniedError
from contractdossier.settings import Settings
from contractdossier.store import Store
url, user, home, start = sys.argv[1], sys.argv[2], Path(sys.argv[3]), float(sys.argv[4])
while time.time() < start:
    time.sleep(0.001)
store = Store.open(url)
try:
    print(AccessControl(store, Settings(home=home)).init(user))
except AccessDeniedError:
    print("denied")
store.close()
"""


def test_two_processes_initialising_a_new_database_at_once(pg_url: str, tmp_path: Path) -> None:
    """No schema yet either: both processes create it (migrations) and then initialise."""
    start = time.time() + 3.0  # both processes have imported everything by then
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", INIT, pg_url, user, str(tmp_path / user),
                               repr(start)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for user in ("alice", "bob")]
    outs = [p.communicate(timeout=120) for p in procs]

    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert sorted(out.strip() for out, _ in outs) == ["True", "denied"]
    winner = ["alice", "bob"][[out.strip() for out, _ in outs].index("True")]
    assert beheerders(pg_url) == [winner]
    assert init_entries(pg_url) == 1
