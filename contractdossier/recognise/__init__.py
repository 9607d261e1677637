"""Clause and fact recognition: one document's text in, facts with evidence out.

``recognise`` reads as the list of recognisers it runs, in order: title -> clause structure and
types -> parties -> governing law and forum -> terms and dates -> amounts -> obligations ->
amendment. Every recogniser returns our own records (``Clause``, ``Fact``, ``Obligation``), each
fact with its evidence (document, page, clause, quote) and a confidence.
"""

from __future__ import annotations

import logging

from contractdossier.records import ExtractedText, Recognised

log = logging.getLogger(__name__)


def recognise(text: ExtractedText, document: str) -> Recognised:
    """Recognise the title, clauses and facts of one document (``document`` = its sha256)."""
    from contractdossier.recognise import clauses as clause_mod
    from contractdossier.recognise import law, parties

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
    return Recognised(title=title, clauses=clauses, facts=tuple(facts))
