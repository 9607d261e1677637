"""Clause and fact recognition: one document's text in, facts with evidence out.

``recognise`` reads as the list of recognisers it runs, in order: title -> clause structure and
types -> parties -> governing law and forum -> terms and dates -> amounts -> obligations (due
dates anchored on the recognised signing, start and end dates) -> amendment. Every recogniser
returns our own records (``Clause``, ``Fact``, ``Obligation``), each fact with its evidence
(document, page, clause, quote) and a confidence.
"""

from __future__ import annotations

import dataclasses
import logging

from contractdossier.records import DocumentRole, ExtractedText, Recognised

log = logging.getLogger(__name__)

# spaces the cues do not expect, each replaced by a plain space (same length: offsets hold)
_ODD_SPACES = ("\u00a0", "\u2002", "\u2003", "\u2007", "\u2009", "\u202f")


def _plain(page: str) -> str:
    for odd in _ODD_SPACES:
        if odd in page:  # str.replace only where needed: translate() is slow on long pages
            page = page.replace(odd, " ")
    return page


def plain_spaces(text: ExtractedText) -> ExtractedText:
    """``text`` with non-breaking and thin spaces as plain spaces (HTML-born PDFs write
    "January&nbsp;1,&nbsp;2010"); the same object when it has none."""
    if not any(odd in p.text for p in text.pages for odd in _ODD_SPACES):
        return text
    pages = tuple(dataclasses.replace(p, text=_plain(p.text)) for p in text.pages)
    return dataclasses.replace(text, pages=pages)


def recognise(text: ExtractedText, document: str) -> Recognised:
    """Recognise the title, clauses and facts of one document (``document`` = its sha256)."""
    from contractdossier.recognise import amendments, amounts, law, obligations, parties, terms
    from contractdossier.recognise import clauses as clause_mod

    text = plain_spaces(text)
    language = text.language if text.language in ("nl", "en") else "nl"
    title = clause_mod.title_of(text)
    clauses = clause_mod.classify_all(clause_mod.segment(text, document), language)
    facts = list(parties.find_parties(text, language, document))
    for found in (
        law.governing_law(clauses, text, language, document),
        law.forum(clauses, text, language, document),
    ):
        if found is not None:
            facts.append(found)
    term_facts = terms.recognise_terms(text, clauses, language, document)
    facts.extend(term_facts)
    facts.extend(amounts.find_amounts(text, clauses, language, document))
    found_obligations = obligations.find_obligations(
        text, clauses, language, document, anchors=terms.anchors_from(term_facts)
    )
    amendment = amendments.detect(text, clauses, language, document)
    return Recognised(
        title=title,
        role=DocumentRole.amendment if amendment is not None else DocumentRole.main,
        amends=amendment.amends if amendment is not None else None,
        clauses=clauses,
        facts=tuple(facts),
        obligations=tuple(found_obligations),
    )
