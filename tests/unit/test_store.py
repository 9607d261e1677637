from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from contractdossier.archive import Archive
from contractdossier.errors import StoreError
from contractdossier.records import (
    DocumentRole,
    ExtractedText,
    JobState,
    PageText,
    ProcessedDocument,
    Recognised,
    SourceFile,
)
from contractdossier.store import Store, schema
from contractdossier.store.migrations import current_version


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store URL: embedded SQLite, and a fresh PostgreSQL database (skipped without one)."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'd.sqlite3'}"


def _store(url: str) -> Store:
    return Store.open(url)


def _src(path: Path, inbox: Path | None = None, dossier: str = "") -> SourceFile:
    st = path.stat()
    return SourceFile(
        path=path, size=st.st_size, mtime_ns=st.st_mtime_ns, inbox=inbox, dossier=dossier
    )


def _processed(
    sha: str,
    title: str = "Overeenkomst",
    role: DocumentRole = DocumentRole.main,
    amends: str | None = None,
) -> ProcessedDocument:
    pages = (PageText(1, "Artikel 1\nDe huur", 0), PageText(2, "Artikel 2\nEinde", 18))
    text = ExtractedText(pages=pages, language="nl", page_count=2)
    return ProcessedDocument(
        sha256=sha, size=10, text=text, recognised=Recognised(title=title, role=role, amends=amends)
    )


def test_new_store_is_created_at_the_current_version(tmp_path: Path, url: str) -> None:
    store = _store(url)
    with store.engine.connect() as conn:
        assert current_version(conn) == schema.SCHEMA_VERSION
    # opening again does not migrate twice
    store2 = _store(url)
    with store2.engine.connect() as conn:
        rows = conn.execute(select(schema.schema_version)).all()
    assert len(rows) == 1


def test_a_store_newer_than_the_code_is_refused(tmp_path: Path, url: str) -> None:
    store = _store(url)
    with store.engine.begin() as conn:
        conn.execute(insert(schema.schema_version).values(version=99, applied_at="x", note=""))
    with pytest.raises(StoreError, match="newer than this program"):
        _store(url)


def test_the_same_file_event_is_registered_once(tmp_path: Path, url: str) -> None:
    store = _store(url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    first = store.register(_src(f))
    again = store.register(_src(f))
    assert first[1] is True and again == (first[0], False)
    f.write_bytes(b"%PDF-1.4 changed content")
    changed = store.register(_src(f))
    assert changed[1] is True and changed[0] != first[0]


def test_a_job_is_claimed_by_one_owner_only(tmp_path: Path, url: str) -> None:
    store = _store(url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    job_id, _ = store.register(_src(f))
    assert store.claim(job_id, "host:1", 60)
    assert not store.claim(job_id, "host:2", 60)
    job = store.job(job_id)
    assert job.state is JobState.processing and job.attempts == 1


def test_jobs_of_a_dead_owner_go_back_to_the_queue(tmp_path: Path, url: str) -> None:
    store = _store(url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    job_id, _ = store.register(_src(f))
    store.claim(job_id, "somehost:999999", 3600)
    assert store.requeue_abandoned(alive=lambda owner: True) == 0
    assert store.requeue_abandoned(alive=lambda owner: owner != "somehost:999999") == 1
    assert store.job(job_id).state is JobState.queued


def test_retry_then_fail_after_max_attempts(tmp_path: Path, url: str) -> None:
    store = _store(url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    job_id, _ = store.register(_src(f))
    states = []
    for _ in range(3):
        store.engine.dispose()
        with store.engine.begin() as conn:  # skip the backoff
            conn.execute(schema.jobs.update().values(not_before=0.0))
        assert store.claim(job_id, "h:1", 60)
        states.append(store.retry_or_fail(job_id, "boom", "X", max_attempts=3))
    assert states == [JobState.queued, JobState.queued, JobState.failed]
    assert store.job(job_id).error == "boom"


def test_save_document_then_duplicate_records_both_paths(tmp_path: Path, url: str) -> None:
    store = _store(url)
    archive = Archive(tmp_path / "archive")
    a = tmp_path / "in" / "Facilitair" / "a.pdf"
    a.parent.mkdir(parents=True)
    a.write_bytes(b"%PDF-1.4 same bytes")
    b = tmp_path / "in" / "b.pdf"
    b.write_bytes(b"%PDF-1.4 same bytes")
    ja, _ = store.register(_src(a, tmp_path / "in", "Facilitair"))
    jb, _ = store.register(_src(b, tmp_path / "in", ""))
    arch = archive.put(a)
    store.claim(ja, "h:1", 60)
    saved = store.save_document(
        ja, _src(a, tmp_path / "in", "Facilitair"), arch, _processed(arch.sha256)
    )
    assert saved.new_contract
    contract = store.contract(saved.contract_id)
    assert contract["dossier"] == "Facilitair"
    assert [p["number"] for p in store.pages(saved.document_id)] == [1, 2]
    store.claim(jb, "h:1", 60)
    assert store.document_id_by_sha(archive.put(b).sha256) == saved.document_id
    store.finish_duplicate(jb, _src(b), arch.sha256)
    job_b = store.job(jb)
    assert job_b.state is JobState.duplicate and job_b.duplicate_of == saved.document_id
    paths = store.document_paths([saved.document_id])[saved.document_id]
    assert [p["path"] for p in paths] == [str(a), str(b)]


def test_an_amendment_joins_the_contract_it_names(tmp_path: Path, url: str) -> None:
    store = _store(url)
    archive = Archive(tmp_path / "archive")
    ids = []
    for name, proc in (("main.pdf", None), ("amend.pdf", None)):
        f = tmp_path / name
        f.write_bytes(b"%PDF-1.4 " + name.encode())
        job, _ = store.register(_src(f))
        store.claim(job, "h:1", 60)
        arch = archive.put(f)
        proc = (
            _processed(arch.sha256, "ICT-beheerovereenkomst")
            if name == "main.pdf"
            else _processed(
                arch.sha256, "Eerste wijziging", DocumentRole.amendment, "ICT-Beheerovereenkomst"
            )
        )
        ids.append(store.save_document(job, _src(f), arch, proc))
    assert ids[1].contract_id == ids[0].contract_id and not ids[1].new_contract
    docs = store.documents([ids[0].contract_id])
    assert [(d["role"], d["seq"]) for d in docs] == [("main", 0), ("amendment", 1)]
    assert store.contract(ids[0].contract_id)["rev"] == 2


def test_a_job_of_a_dead_owner_on_this_host_is_taken_over(tmp_path: Path, url: str) -> None:
    store = _store(url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    job_id, _ = store.register(_src(f))
    dead = f"{socket.gethostname()}:{2**22 + 12345}"  # above pid_max: no such process
    assert store.claim(job_id, dead, 3600)
    assert [j.id for j in store.runnable_jobs()] == [job_id]
    assert store.claim(job_id, "other:1", 60)
    job = store.job(job_id)
    assert job.lease_owner == "other:1" and job.attempts == 2
    assert store.runnable_jobs() == []  # the new owner lives (another host: lease decides)
    assert not store.claim(job_id, "third:1", 60)


def test_an_expired_lease_is_taken_over(tmp_path: Path, url: str) -> None:
    store = _store(url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    job_id, _ = store.register(_src(f))
    assert store.claim(job_id, "elsewhere:1", -1.0)  # a lease already over
    assert store.claim(job_id, "elsewhere:2", 60)
    assert not store.claim(job_id, "elsewhere:3", 60)


def test_a_renewed_lease_is_not_taken_over_and_a_lost_one_is_not_taken_back(
    tmp_path: Path, url: str
) -> None:
    store = _store(url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    job_id, _ = store.register(_src(f))
    assert store.claim(job_id, "elsewhere:1", 0.5)
    assert store.renew([job_id], "elsewhere:1", 3600) == 1
    time.sleep(0.6)  # past the first lease: the renewed one still holds
    assert store.runnable_jobs() == []
    assert not store.claim(job_id, "elsewhere:2", 60)
    assert store.claim(job_id, "elsewhere:2", -1.0) is False
    # another owner's renewal changes nothing; once taken over, the old owner cannot renew
    assert store.renew([job_id], "elsewhere:3", 3600) == 0
    assert store.renew([job_id], "elsewhere:1", -1.0) == 1  # (its lease runs out at once)
    assert store.claim(job_id, "elsewhere:2", 60)
    assert store.renew([job_id], "elsewhere:1", 3600) == 0
    assert store.job(job_id).lease_owner == "elsewhere:2"
    assert store.renew([], "elsewhere:2", 60) == 0


def test_concurrent_claimers_take_each_job_once(tmp_path: Path, url: str) -> None:
    store = _store(url)
    for i in range(30):
        f = tmp_path / f"{i}.pdf"
        f.write_bytes(b"%PDF-1.4 " + bytes([i]))
        store.register(_src(f))
    taken: list[list[int]] = [[], [], []]

    def drain(n: int) -> None:
        while jobs := store.claim_next(f"elsewhere:{n}", 60, limit=2):
            taken[n] += [j.id for j in jobs]

    threads = [threading.Thread(target=drain, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    every = sorted(i for part in taken for i in part)
    assert every == sorted(set(every)) and len(every) == 30


def test_claim_skips_a_row_locked_by_another_worker(tmp_path: Path, pg_url: str) -> None:
    store = _store(pg_url)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    job_id, _ = store.register(_src(f))
    with store.engine.connect() as other, other.begin():
        other.execute(select(schema.jobs.c.id).where(schema.jobs.c.id == job_id).with_for_update())
        started = time.monotonic()
        assert not store.claim(job_id, "h:1", 60)  # skipped, not waited for
        assert time.monotonic() - started < 5
    assert store.claim(job_id, "h:1", 60)
