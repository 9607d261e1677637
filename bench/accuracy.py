"""Score recognition against labelled contracts, and time it.

    .venv/bin/python bench/accuracy.py [--set cuad-dev|nl-synth|nl-dev|samples|all]
                                       [--half dev|held-apart|both]
                                       [--errors FIELD] [--cache DIR] [--no-cache]

Sets (``../shared/corpus`` beside the checkout, and the project's own ``samples/``):

- ``cuad-dev``: 40 real English contracts with CUAD's expert labels. Scored with the set's own
  ``score.py`` (imported; the predictions are written in its JSONL format to the cache folder).
  The set is split by position in ``ids.txt``: even positions are the *development* half (rules
  were tuned on it), odd positions the *held-apart* half (not looked at). ``--half`` picks
  what is recognised and scored: ``dev`` (the default, so tuning runs never show held-apart
  figures), ``held-apart`` or ``both``; ``--errors`` lists mismatches of the development half
  only, and the predictions file holds only the contracts recognised.
  ``expiration_date`` is our ``end_date`` or, when the text gives none, ``deadlines.end_date``
  (start + initial term - 1 day); CUAD labels such computed ends as the anniversary (start +
  term), so a second row shows the figure with that convention. ``agreement_date`` is our
  ``signing_date`` (date of the last signature, else the "made on" date); CUAD labels the date
  the agreement says it was made even when the signatures carry later dates, so a second row
  shows the figure with the made-on date where the text gives one. ``notice_period`` is CUAD's
  "Notice Period To Terminate Renewal": the bench gives it our ``notice_period`` only when that
  is the notice that stops a renewal -- our ``renewal`` is automatic, or the notice's evidence
  sentence speaks of renewal -- and not a notice to terminate early, which CUAD does not label;
  a second row shows the figure with our notice period given for every contract.
- ``nl-synth``: 10 synthetic Dutch contracts with exact labels; ``samples``: the project's 7
  fictional NL/EN contracts (``samples/expected.json``). Per field: signing, start, end (stated
  or computed), initial term (read, or derived from a stated start and end as the contract file
  does), renewal type and period, notice period, notice deadline
  (``deadlines.notice_deadline`` for automatic renewal), governing law, forum, parties recall,
  obligations recall (and due-date accuracy of the matched ones), amounts recall.
- ``nl-dev``: real Dutch templates whose labels are descriptive; only recognition counts and
  speed are reported for it.

Text is extracted with ``contractdossier.extract.extract_text`` (OCR auto) and cached per file
hash (``--cache``, default in the user cache folder), so a second run only recognises.
Recognition runs through ``contractdossier.recognise.recognise``; only when it does not return
term and amount facts at all (checked once on a warm-up text) are the term, amount, obligation
and amendment recognisers called directly (the bench says so). Speed is measured on the
extracted text in this one process: contracts per second and pages per second, against the
target of 20 contracts of 20 pages a second.

Exits with status 2 and a message when ``../shared/corpus`` is absent (``samples`` still runs).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import importlib.util
import json
import re
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from bench_common import say  # noqa: E402

from contractdossier import deadlines  # noqa: E402
from contractdossier.deadlines import Duration  # noqa: E402
from contractdossier.dossier import TERM_FROM_START  # noqa: E402
from contractdossier.records import (  # noqa: E402
    ExtractedText,
    Fact,
    Obligation,
    PageText,
    Recognised,
    TextSource,
)

SHARED = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"
TARGET_PAGES_PER_S = 400.0  # 20 contracts of 20 pages a second
CUAD_TARGETS = {
    "agreement_date": 0.95,
    "effective_date": 0.90,
    "governing_law": 0.97,
    "notice_period tol": 0.85,
    "renewal duration tol": 0.85,
    "expiration_date": 0.80,
}


# --------------------------------------------------------------------------------------------
# Text extraction with a cache
# --------------------------------------------------------------------------------------------


def _default_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("contractdossier")) / "bench-accuracy"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_text(path: Path, cache: Path | None) -> tuple[str, ExtractedText]:
    """(sha256, extracted text) of a PDF, from the cache when it is there."""
    from contractdossier.extract import extract_text

    sha = _sha256(path)
    cached = cache / f"{sha}.json" if cache is not None else None
    if cached is not None and cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        pages = tuple(PageText(n, t, o, TextSource(s)) for n, t, o, s in data["pages"])
        return sha, ExtractedText(
            pages, data["language"], data["page_count"], tuple(data["removed"])
        )
    text = extract_text(path)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(
            json.dumps(
                {
                    "language": text.language,
                    "page_count": text.page_count,
                    "removed": list(text.removed_lines),
                    "pages": [[p.number, p.text, p.offset, p.source.value] for p in text.pages],
                }
            ),
            encoding="utf-8",
        )
    return sha, text


# --------------------------------------------------------------------------------------------
# Recognition
# --------------------------------------------------------------------------------------------

MY_FIELDS = ("signing_date", "start_date", "end_date", "initial_term", "renewal", "notice_period")
NOTES: set[str] = set()


@dataclass
class Result:
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    obligations: tuple[Obligation, ...] = ()
    amends: str | None = None
    role: str = "main"
    seconds: float = 0.0
    made_on: str | None = None  # the "made on"/"dated as of" date, for CUAD's agreement date
    clause_types: frozenset[str] = frozenset()  # every type of every recognised clause

    def value(self, name: str) -> Any:
        found = self.facts.get(name)
        return found[0].value if found else None

    def values(self, name: str) -> list[Any]:
        return [f.value for f in self.facts.get(name, [])]


_WARM: list[bool] = []
_WARM_NL = (
    "OVEREENKOMST\nX B.V., hierna te noemen: “Opdrachtgever”;\nArtikel 1 Duur\n1.1 De Overeenkomst "
    "treedt in werking op 1 januari 2025. Op deze Overeenkomst is Nederlands recht van toepassing. "
    "Opdrachtgever betaalt € 100,00 binnen 30 dagen na factuurdatum.\n"
)
_WARM_EN = (
    "AGREEMENT\nX Inc. (“Supplier”)\n1. Term. This Agreement shall commence on January 1, 2025. "
    "This Agreement shall be governed by the laws of the State of New York. Supplier shall pay "
    "$100 within 30 days.\n"
)


_COMPLETE: list[bool] = []  # whether recognise() returns term and amount facts itself


def recognise_all(sha: str, text: ExtractedText) -> Result:
    if not _WARM:  # build the spaCy pipelines and compile the patterns outside the timing
        from contractdossier.recognise import recognise

        _WARM.append(True)
        warm = ExtractedText((PageText(1, _WARM_EN, 0),), "en", 1)
        found = {f.field for f in recognise(warm, "0" * 64).facts}
        _COMPLETE.append("start_date" in found and "amount" in found)
        for language, sample in (("nl", _WARM_NL), ("en", _WARM_EN)):
            recognise_all("0" * 64, ExtractedText((PageText(1, sample, 0),), language, 1))
        recognise_all(sha, text)
    from contractdossier.recognise import amendments, amounts, obligations, recognise, terms
    from contractdossier.recognise import clauses as clause_mod

    started = time.process_time()
    recognised: Recognised = recognise(text, sha)
    facts: dict[str, list[Fact]] = {}
    for fact in recognised.facts:
        facts.setdefault(fact.field, []).append(fact)
    found_obligations = recognised.obligations
    amends = recognised.amends
    role = recognised.role.value
    if not _COMPLETE[0]:
        NOTES.add(
            "recognise() does not return term/amount/obligation facts yet: the bench called "
            "terms.recognise_terms, amounts.find_amounts, obligations.find_obligations and "
            "amendments.detect directly"
        )
        language = text.language if text.language in ("nl", "en") else "nl"
        clauses = recognised.clauses or clause_mod.classify_all(
            clause_mod.segment(text, sha), language
        )
        term_facts = terms.recognise_terms(text, clauses, language, sha)
        for fact in (*term_facts, *amounts.find_amounts(text, clauses, language, sha)):
            facts.setdefault(fact.field, []).append(fact)
        found_obligations = obligations.find_obligations(
            text, clauses, language, sha, anchors=terms.anchors_from(term_facts)
        )
        info = amendments.detect(text, clauses, language, sha)
        if info is not None:
            amends, role = info.amends, "amendment"
    seconds = time.process_time() - started
    language = text.language if text.language in ("nl", "en") else "nl"
    from contractdossier.recognise import plain_spaces

    ctx = terms.context_for(plain_spaces(text), recognised.clauses, language, sha)
    roles = terms.date_roles(ctx)
    made_on = roles.made_on[0].date.isoformat() if roles.made_on else None
    types = frozenset(t for c in recognised.clauses for t in c.types)
    return Result(facts, found_obligations, amends, role, seconds, made_on, types)


def computed_end(r: Result, anniversary: bool = False) -> str | None:
    """Stated end date, else start + initial term (our rule, or CUAD's anniversary)."""
    end = r.value("end_date")
    if end is not None:
        return "perpetual" if end == "indefinite" else str(end)
    start, term = r.value("start_date"), r.value("initial_term")
    if start is None or term is None:
        return None
    if r.facts["initial_term"][0].confidence < TERM_FROM_START:
        return None  # counted from an event, not the start (the contract file's rule too)
    s, d = dt.date.fromisoformat(str(start)), Duration.from_iso(str(term))
    return (deadlines.add(s, d) if anniversary else deadlines.end_date(s, d)).isoformat()


def initial_term(r: Result) -> str | None:
    """The initial term read, else the one the contract file derives from a stated start and
    end ("van 15 september 2025 tot en met 14 maart 2026" -> P6M, ``deadlines.term_between``)."""
    term = r.value("initial_term")
    if term is not None or r.role == "amendment":  # an amendment's own dates make no term
        return None if term is None else str(term)
    start, end = r.value("start_date"), r.value("end_date")
    if start is None or end is None or end == "indefinite":
        return None
    s, e = dt.date.fromisoformat(str(start)), dt.date.fromisoformat(str(end))
    return deadlines.term_between(s, e).iso() if e >= s else None


def notice_deadline(r: Result, end: str | None) -> str | None:
    renewal = r.value("renewal") or {}
    notice = r.value("notice_period")
    if renewal.get("type") != "automatic" or not end or end == "perpetual" or notice is None:
        return None
    return deadlines.notice_deadline(
        dt.date.fromisoformat(end), Duration.from_iso(str(notice))
    ).isoformat()


def party_names(r: Result) -> list[str]:
    names = []
    for fact in r.facts.get("party", []) + r.facts.get("parties", []):
        value = fact.value
        if isinstance(value, dict) and value.get("name"):
            names.append(str(value["name"]))
        elif isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
    return names


def law_value(r: Result, name: str) -> str | None:
    value = r.value(name)
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or value.get("jurisdiction")
    return None if value is None else str(value)


# --------------------------------------------------------------------------------------------
# Scoring helpers
# --------------------------------------------------------------------------------------------


def _indel_ratio(a: str, b: str) -> float:
    """rapidfuzz's fuzz.ratio: 100 * (1 - indel distance / (len(a) + len(b)))."""
    if not a and not b:
        return 100.0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b):
            cur.append(prev[j] + 1 if ch == other else max(prev[j + 1], cur[j]))
        prev = cur
    lcs = prev[-1]
    return 100.0 * (2 * lcs) / (len(a) + len(b))


def _fuzz_module() -> types.ModuleType:
    """rapidfuzz if installed, else the same two scores computed exactly in Python."""
    try:
        from rapidfuzz import fuzz  # type: ignore[import-not-found]

        return fuzz  # type: ignore[no-any-return]
    except ImportError:
        fuzz = types.ModuleType("fuzz")
        fuzz.ratio = _indel_ratio  # type: ignore[attr-defined]
        fuzz.token_sort_ratio = lambda a, b: _indel_ratio(  # type: ignore[attr-defined]
            " ".join(sorted(a.split())), " ".join(sorted(b.split()))
        )
        return fuzz


def load_score_py(path: Path) -> types.ModuleType:
    fuzz = _fuzz_module()
    shim = types.ModuleType("rapidfuzz")
    shim.fuzz = fuzz  # type: ignore[attr-defined]
    saved = sys.modules.get("rapidfuzz")
    sys.modules["rapidfuzz"] = shim
    try:
        spec = importlib.util.spec_from_file_location("cuad_score", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            sys.modules.pop("rapidfuzz", None)
        else:
            sys.modules["rapidfuzz"] = saved
    return module


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    hit: int = 0
    spurious: int = 0  # predicted where the gold says nothing
    errors: list[str] = field(default_factory=list)

    def add(self, gold: Any, pred: Any, same: Callable[[Any, Any], bool], where: str) -> None:
        if gold is None:
            if pred is not None:
                self.spurious += 1
                self.errors.append(f"{where}: gold none, got {pred!r}")
            return
        self.gold += 1
        if pred is not None:
            self.pred += 1
        if pred is not None and same(gold, pred):
            self.hit += 1
        else:
            self.errors.append(f"{where}: gold {gold!r}, got {pred!r}")

    def row(self, name: str) -> str:
        acc = self.hit / self.gold if self.gold else 0.0
        prec = self.hit / (self.pred + self.spurious) if self.pred + self.spurious else 0.0
        return (
            f"  {name:26s} {self.gold:5d} {self.pred:5d} {self.hit:5d} {self.spurious:5d} "
            f"{acc:7.3f} {prec:7.3f}"
        )


def _eq(a: Any, b: Any) -> bool:
    return str(a).strip().lower() == str(b).strip().lower()


def _dur_eq(a: Any, b: Any) -> bool:
    try:
        return Duration.from_iso(str(a)) == Duration.from_iso(str(b))
    except ValueError:
        return False


_LAW_ALIASES = {
    "nederlands recht": "netherlands",
    "dutch law": "netherlands",
    "the netherlands": "netherlands",
    "nederland": "netherlands",
    "laws of the netherlands": "netherlands",
    "england": "england and wales",
}


def _law_eq(a: Any, b: Any) -> bool:
    def key(v: Any) -> str:
        s = " ".join(str(v).lower().replace("recht van", "").split())
        return _LAW_ALIASES.get(s, s)

    return key(a) == key(b)


def _forum_key(v: Any) -> str:
    s = str(v).lower()
    s = re.sub(r"\(.*?\)|,.*$", "", s)
    return " ".join(re.sub(r"[^a-z0-9à-ÿ]+", " ", s).split())


def _forum_eq(a: Any, b: Any) -> bool:
    ka, kb = _forum_key(a), _forum_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def _norm_text(s: str) -> str:
    return " ".join(re.sub(r"[^\w€]+", " ", s.lower()).split())


def _party_match(
    gold: Iterable[str], pred: Iterable[str], score_mod: types.ModuleType | None
) -> tuple[int, int]:
    gold = [g for g in gold if g]
    if score_mod is not None:
        matched, n_gold, _ = score_mod.match_parties(gold, list(pred), 85)
        return matched, n_gold
    fuzz = _fuzz_module()
    left = list(pred)
    matched = 0
    for g in gold:
        for p in left:
            if (
                max(
                    fuzz.ratio(_norm_text(g), _norm_text(p)),
                    fuzz.token_sort_ratio(_norm_text(g), _norm_text(p)),
                )
                >= 85
            ):
                matched += 1
                left.remove(p)
                break
    return matched, len(gold)


# --------------------------------------------------------------------------------------------
# CUAD
# --------------------------------------------------------------------------------------------


_RENEWAL_WORD = re.compile(r"renew|extend|extension|verleng", re.I)


def _renewal_notice(r: Result) -> bool:
    """Whether our notice period is a notice that stops a renewal: the contract renews
    automatically, or the notice is given in a sentence about renewal ("written notice of
    non-renewal at least ninety (90) days prior ...")."""
    found = r.facts.get("notice_period")
    if not found:
        return False
    if (r.value("renewal") or {}).get("type") == "automatic":
        return True
    evidence = found[0].evidence
    return evidence is not None and _RENEWAL_WORD.search(evidence.quote) is not None


# our clause types that name one of CUAD's clause categories (the others have no counterpart
# or split one of ours: "No-Solicit of Customers"/"of Employees" are both our non_solicit)
CUAD_CATEGORIES = {
    "most_favoured_nation": "Most Favored Nation",
    "non_compete": "Non-Compete",
    "exclusivity": "Exclusivity",
    "termination_for_convenience": "Termination for Convenience",
    "change_of_control": "Change of Control",
    "assignment": "Anti-Assignment",
    "minimum_commitment": "Minimum Commitment",
    "license_grant": "License Grant",
    "escrow": "Source Code Escrow",
    "audit_rights": "Audit Rights",
    "liability_cap": "Cap on Liability",
    "penalty": "Liquidated Damages",
    "insurance": "Insurance",
}


CUAD_TYPES = frozenset(CUAD_CATEGORIES)


def cuad_prediction(
    cid: str, r: Result, anniversary: bool = False, made_on: bool = False, any_notice: bool = False
) -> dict[str, Any]:
    renewal = r.value("renewal") or {}
    renewal_term = None
    if renewal.get("type") in ("automatic", "option"):
        period = renewal.get("period")
        renewal_term = {
            "auto": renewal.get("type") == "automatic",
            # runs on for an indefinite period after the term: CUAD's "perpetual" renewal
            "duration": "perpetual" if period == "indefinite" else period,
        }
    return {
        "id": cid,
        "agreement_date": (r.made_on or r.value("signing_date"))
        if made_on
        else r.value("signing_date"),
        "effective_date": r.value("start_date"),
        "expiration_date": computed_end(r, anniversary),
        "renewal_term": renewal_term,
        "notice_period": r.value("notice_period") if any_notice or _renewal_notice(r) else None,
        "governing_law": law_value(r, "governing_law"),
        "parties": party_names(r),
        "clauses_present": sorted(CUAD_CATEGORIES[t] for t in r.clause_types & CUAD_TYPES),
    }


def _without(d: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != key}


MANY_PARTIES = 8  # a contract naming this many parties or more (a consortium, a fund family)


def _parties_by_size(
    score_mod: Any, truth: dict[str, Any], preds: dict[str, Any], part: list[str]
) -> None:
    """Party recall apart for contracts with few and with many parties: score.py counts names,
    so one contract listing fifty parties weighs as much as twenty-five two-party contracts."""
    counts = {"few": [0, 0, 0], "many": [0, 0, 0]}  # contracts, names found, names
    for cid in part:
        gold = (truth.get(cid) or {}).get("parties") or []
        if not gold:
            continue
        hit, n_gold, _ = score_mod.match_parties(gold, preds[cid].get("parties") or [], 85)
        row = counts["many" if n_gold >= MANY_PARTIES else "few"]
        row[0], row[1], row[2] = row[0] + 1, row[1] + hit, row[2] + n_gold
    say(
        "  party recall by contract size: "
        + ", ".join(
            f"{label} {c[1]}/{c[2]} in {c[0]} contracts"
            + (f" (R={c[1] / c[2]:.2f})" if c[2] else "")
            for label, c in (
                (f"fewer than {MANY_PARTIES} parties", counts["few"]),
                (f"{MANY_PARTIES} or more", counts["many"]),
            )
        )
    )


def _clause_categories(res: dict[str, Any]) -> None:
    """Clause types against CUAD's clause categories, for the categories we have a type for
    (score.py's macro figure averages all 33, 20 of which we do not predict)."""
    per = res.get("clauses", {}).get("per_category", {})
    rows = [(name, per[name]) for name in sorted(CUAD_CATEGORIES.values()) if name in per]
    if not rows:
        return
    tp = sum(r["tp"] for _, r in rows)
    fp = sum(r["fp"] for _, r in rows)
    fn = sum(r["fn"] for _, r in rows)
    say(f"  clause types as CUAD categories ({len(rows)} with a counterpart): tp/fp/fn, P, R")
    for name, r in rows:
        say(f"    {name:<28} {r['tp']:>3}/{r['fp']:>3}/{r['fn']:>3}  {r['P']:.2f}  {r['R']:.2f}")
    p_ = tp / (tp + fp) if tp + fp else 0.0
    r_ = tp / (tp + fn) if tp + fn else 0.0
    say(f"    {'all ' + str(len(rows)):<28} {tp:>3}/{fp:>3}/{fn:>3}  {p_:.2f}  {r_:.2f}")


def run_cuad(cache: Path | None, errors: str | None, half: str = "dev") -> list[Result]:
    folder = SHARED / "cuad-dev"
    score_mod = load_score_py(folder / "score.py")
    truth = score_mod.load_jsonl(str(folder / "truth.jsonl"))
    ids = [line.strip() for line in (folder / "ids.txt").read_text().splitlines() if line.strip()]
    halves = [
        (label, part)
        for key, label, part in (
            ("dev", "development half (even positions)", ids[0::2]),
            ("held-apart", "held-apart half (odd positions)", ids[1::2]),
        )
        if half in (key, "both")
    ]
    results: dict[str, Result] = {}
    pages = 0
    for cid in (cid for _, part in halves for cid in part):
        sha, text = load_text(folder / "pdf" / cid, cache)
        results[cid] = recognise_all(sha, text)
        pages += text.page_count
    preds = {cid: cuad_prediction(cid, r) for cid, r in results.items()}
    preds_anniv = {
        cid: cuad_prediction(cid, r, anniversary=True, made_on=True, any_notice=True)
        for cid, r in results.items()
    }
    if cache is not None:
        out = cache / "cuad-predictions.jsonl"
        out.write_text("".join(json.dumps(p) + "\n" for p in preds.values()), encoding="utf-8")
        say(f"predictions written to {out}")
    for label, part in halves:
        say(f"\nCUAD-dev, {label}: {len(part)} contracts")
        dev = part == ids[0::2]
        # score.py averages clause categories over all 33: ours are scored apart, below
        facts_only = {c: _without(p, "clauses_present") for c, p in preds.items()}
        res = score_mod.score(truth, facts_only, part, 0.05, 85, errors if dev else None)
        score_mod.print_table(res, out=sys.stdout)
        _clause_categories(score_mod.score(truth, preds, part, 0.05, 85, None))
        _parties_by_size(score_mod, truth, preds, part)
        anniv = score_mod.score(truth, preds_anniv, part, 0.05, 85, None)
        for row in anniv["fields"]:
            if row["field"] == "expiration_date":
                say(
                    f"  expiration_date with CUAD's anniversary convention for computed ends: "
                    f"R={row['R']:.3f} P={row['P']:.3f}"
                )
            if row["field"] == "notice_period tol":
                say(
                    f"  notice_period tol with our notice period given for every contract (not "
                    f"only under automatic renewal): R={row['R']:.3f} P={row['P']:.3f}"
                )
            if row["field"] == "agreement_date":
                say(
                    f"  agreement_date as the 'made on' date where the text gives one (CUAD's "
                    f"reading) instead of the last signature: R={row['R']:.3f} P={row['P']:.3f}"
                )
        byname = {row["field"]: row for row in res["fields"]}
        misses = [
            f"{k} {byname[k]['R']:.2f}<{v}"
            for k, v in CUAD_TARGETS.items()
            if k in byname and byname[k]["R"] < v
        ]
        eff = byname.get("effective_date")
        if eff is not None and eff["P"] < 0.90:
            misses.append(f"effective_date P {eff['P']:.2f}<0.9")
        for row in res["fields"]:
            if row["field"].startswith("parties") and row["R"] < 0.90:
                misses.append(f"party recall {row['R']:.2f}<0.9")
        say("  targets missed: " + (", ".join(misses) if misses else "none"))
        if dev and errors and "errors" in res:
            say(f"  errors for {errors}:")
            for e in res["errors"]:
                say("    " + json.dumps(e, ensure_ascii=False, default=str)[:300])
    _speed("cuad-dev", list(results.values()), pages)
    return list(results.values())


# --------------------------------------------------------------------------------------------
# nl-synth and samples
# --------------------------------------------------------------------------------------------


@dataclass
class Labelled:
    name: str
    pdf: Path
    gold: dict[str, Any]


def nl_synth_items() -> Iterator[Labelled]:
    folder = SHARED / "nl-synth"
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            yield Labelled(gold["file"], folder / "pdf" / gold["file"], gold)


def sample_items() -> Iterator[Labelled]:
    data = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    for doc in data["documents"]:
        gold = dict(doc)
        if doc.get("term_type") == "indefinite":
            gold["end_date"] = "perpetual"
        yield Labelled(doc["key"], SAMPLES / doc["file"], gold)


def _quote_match(gold_quote: str, ours: str) -> bool:
    g, o = _norm_text(gold_quote), _norm_text(ours)
    return bool(g and o) and (g in o or o in g)


def score_labelled(
    name: str, items: list[Labelled], cache: Path | None, errors: str | None
) -> None:
    fields = [
        "signing_date",
        "start_date",
        "end_date",
        "initial_term",
        "renewal type",
        "renewal period",
        "notice_period",
        "notice_deadline",
        "governing_law",
        "forum",
    ]
    tallies = {f: Tally() for f in fields}
    party = [0, 0]
    obligation = [0, 0, 0, 0]  # gold, matched, gold with due_date among matched, due_date right
    amount = [0, 0, 0, 0]  # gold, matched, vat right, period right
    results: list[Result] = []
    pages = 0
    for item in items:
        if not item.pdf.exists():
            say(f"  missing {item.pdf}")
            continue
        sha, text = load_text(item.pdf, cache)
        pages += text.page_count
        r = recognise_all(sha, text)
        results.append(r)
        g = item.gold
        w = item.name[:40]
        end = computed_end(r)
        t = tallies
        t["signing_date"].add(g.get("signing_date"), r.value("signing_date"), _eq, w)
        t["start_date"].add(g.get("start_date"), r.value("start_date"), _eq, w)
        t["end_date"].add(g.get("end_date"), end, _eq, w)
        t["initial_term"].add(g.get("initial_term"), initial_term(r), _dur_eq, w)
        g_ren = g.get("renewal") or {}
        p_ren = r.value("renewal") or {}
        t["renewal type"].add(g_ren.get("type"), p_ren.get("type") or "none", _eq, w)
        t["renewal period"].add(g_ren.get("period"), p_ren.get("period"), _dur_eq, w)
        t["notice_period"].add(g.get("notice_period"), r.value("notice_period"), _dur_eq, w)
        t["notice_deadline"].add(g.get("notice_deadline"), notice_deadline(r, end), _eq, w)
        t["governing_law"].add(g.get("governing_law"), law_value(r, "governing_law"), _law_eq, w)
        t["forum"].add(g.get("forum"), law_value(r, "forum"), _forum_eq, w)
        matched, n = _party_match([p["name"] for p in g.get("parties", [])], party_names(r), None)
        party[0] += n
        party[1] += matched
        for ob in g.get("obligations", []):
            obligation[0] += 1
            hit = next(
                (
                    o
                    for o in r.obligations
                    if _quote_match(ob["quote"], o.evidence.quote)
                    and (o.party or "").lower() == str(ob["party"]).lower()
                ),
                None,
            )
            if hit is None:
                if errors == "obligations":
                    say(
                        f"    {w}: missed [{ob.get('clause_ref') or ob.get('clause')}] "
                        f"{ob['party']} | {ob['due']}"
                    )
                continue
            obligation[1] += 1
            if ob.get("due_date"):
                obligation[2] += 1
                if hit.due_date is not None and hit.due_date.isoformat() == ob["due_date"]:
                    obligation[3] += 1
                elif errors == "obligations":
                    say(
                        f"    {w}: due_date [{ob.get('clause_ref') or ob.get('clause')}] gold "
                        f"{ob['due_date']} ({ob['due']}), got {hit.due_date} ({hit.due})"
                    )
        ours = [f.value for f in r.facts.get("amount", [])]
        for am in g.get("amounts", []):
            amount[0] += 1
            hit_a = next(
                (
                    a
                    for a in ours
                    if abs(float(a["value"]) - float(am["value"])) < 0.005
                    and a["currency"] == am["currency"]
                ),
                None,
            )
            if hit_a is None:
                if errors == "amounts":
                    say(f"    {w}: missed amount {am['text']!r}")
                continue
            ours.remove(hit_a)
            amount[1] += 1
            amount[2] += int(hit_a.get("vat") == am.get("vat"))
            amount[3] += int(hit_a.get("period") == am.get("period"))
    say(f"\n{name}: {len(results)} contracts")
    header = ("field", "gold", "pred", "hit", "spur", "acc", "prec")
    say(
        f"  {header[0]:26s} "
        + " ".join(f"{h:>5s}" for h in header[1:5])
        + " "
        + " ".join(f"{h:>7s}" for h in header[5:])
    )
    for f in fields:
        say(tallies[f].row(f))
    say(
        f"  {'parties recall':26s} {party[0]:5d} {'':5s} {party[1]:5d} {'':5s} "
        f"{party[1] / max(1, party[0]):7.3f}"
    )
    say(
        f"  {'obligations recall':26s} {obligation[0]:5d} {'':5s} {obligation[1]:5d} {'':5s} "
        f"{obligation[1] / max(1, obligation[0]):7.3f}"
    )
    say(
        f"  {'  due_date right (matched)':26s} {obligation[2]:5d} {'':5s} {obligation[3]:5d} "
        f"{'':5s} {obligation[3] / max(1, obligation[2]):7.3f}"
    )
    say(
        f"  {'amounts recall':26s} {amount[0]:5d} {'':5s} {amount[1]:5d} {'':5s} "
        f"{amount[1] / max(1, amount[0]):7.3f}"
    )
    say(
        f"  {'  vat / period right':26s} {amount[1]:5d} {'':5s} {amount[2]:5d} {amount[3]:5d} "
        f"{amount[2] / max(1, amount[1]):7.3f} {amount[3] / max(1, amount[1]):7.3f}"
    )
    if errors and errors in tallies:
        for e in tallies[errors].errors:
            say(f"    {e}")
    _speed(name, results, pages)


def run_nl_dev(cache: Path | None) -> None:
    folder = SHARED / "nl-dev" / "pdf"
    results = []
    pages = 0
    for pdf in sorted(folder.glob("*.pdf")):
        sha, text = load_text(pdf, cache)
        pages += text.page_count
        r = recognise_all(sha, text)
        results.append(r)
        fields = {k: v[0].value for k, v in r.facts.items() if k in MY_FIELDS}
        say(
            f"  {pdf.name[:44]:44s} obligations={len(r.obligations):3d} "
            f"amounts={len(r.facts.get('amount', [])):3d} {json.dumps(fields, default=str)[:150]}"
        )
    say("nl-dev labels are descriptive (templates with blanks); counts only")
    _speed("nl-dev", results, pages)


def _speed(name: str, results: list[Result], pages: int) -> None:
    seconds = sum(r.seconds for r in results)
    if not results or seconds <= 0:
        return
    cps, pps = len(results) / seconds, pages / seconds
    average = pages / len(results)
    if average >= 10:
        verdict = "meets" if pps >= TARGET_PAGES_PER_S else "BELOW"
        judged = f"{pps / 20:.1f} contracts of 20 pages/s; {verdict} the target of 20"
    else:
        judged = (
            f"{average:.1f} pages a contract: the per-contract cost dominates, judge the "
            "target of 20 contracts of 20 pages/s on cuad-dev"
        )
    say(
        f"  speed ({name}, CPU time, one core): {cps:.1f} contracts/s, {pps:.0f} pages/s ({judged})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set", default="all", choices=["cuad-dev", "nl-synth", "nl-dev", "samples", "all"]
    )
    parser.add_argument(
        "--errors",
        help="print mismatches for a field (CUAD: score.py's names; "
        "nl-synth/samples: ours, or 'obligations'/'amounts')",
    )
    parser.add_argument(
        "--half",
        default="dev",
        choices=["dev", "held-apart", "both"],
        help="cuad-dev: which half to recognise and score (default: the development half)",
    )
    parser.add_argument("--cache", type=Path, default=None, help="extracted-text cache folder")
    parser.add_argument("--no-cache", action="store_true", help="extract every PDF again")
    args = parser.parse_args(argv)
    cache = None if args.no_cache else (args.cache or _default_cache())
    wanted = ["cuad-dev", "nl-synth", "nl-dev", "samples"] if args.set == "all" else [args.set]
    shared_sets = [s for s in wanted if s != "samples"]
    if shared_sets and not SHARED.is_dir():
        say(f"{SHARED} is absent: the labelled sets {', '.join(shared_sets)} cannot be scored.")
        if args.set != "all":
            return 2
        wanted = ["samples"]
    with contextlib.suppress(KeyboardInterrupt):
        for name in wanted:
            if name == "cuad-dev":
                run_cuad(cache, args.errors, args.half)
            elif name == "nl-synth":
                score_labelled("nl-synth", list(nl_synth_items()), cache, args.errors)
            elif name == "samples":
                score_labelled("samples", list(sample_items()), cache, args.errors)
            elif name == "nl-dev":
                say("\nnl-dev:")
                run_nl_dev(cache)
    for note in sorted(NOTES):
        say(f"\nnote: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
