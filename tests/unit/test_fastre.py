"""The fast regex shapes match exactly what the plain shapes match."""

import re

import pytest

from contractdossier.recognise.clauses import _all_body_patterns, _phrases, _trie_regex
from contractdossier.recognise.fastre import at_word_start, tail_width, word_start
from contractdossier.recognise.obligations import _GENERIC_EN

TEXTS = [
    "day",
    "Day of April; today; DAY OF; dAY; a_day; 1day; (day) -day- Dagen dag.",
    "March 1, MARCH 2, Mar. 3; Marchant; _March; 9March; éMarch; «March»",
    "Service Provider, Service Providers, Serviceprovider,ServiceProvider Service",
    "\nday\fDay\tDAY",
]


@pytest.mark.parametrize(
    ("forms", "not_after"),
    [
        (("day", "Day", "DAY", "dag", "Dag", "DAG"), r"\w"),
        (("March", "MARCH", "Mar", "MAR", "May", "Ma"), r"[^\W_]"),
        (("Service Provider", "Service", "Serv", "Supplier"), r"\w"),
    ],
)
@pytest.mark.parametrize("text", TEXTS)
def test_word_start_matches_like_the_plain_alternation(
    forms: tuple[str, ...], not_after: str, text: str
) -> None:
    ordered = sorted(forms, key=lambda w: (-len(w), w))
    plain = re.compile(rf"(?<!{not_after})(?:" + "|".join(map(re.escape, ordered)) + ")")
    fast = re.compile(word_start(forms, not_after))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_word_start_takes_the_longest_form_and_respects_the_character_before() -> None:
    fast = re.compile(word_start(("Mar", "March"), r"[^\W_]"))
    assert [m.group() for m in fast.finditer("March, Mar. and xMarch, _March")] == [
        "March",
        "Mar",
        "March",
    ]


LANGS = {"en": ("en",), "nl": ("nl",), "und": ("nl", "en")}
EN_CLAUSES = [
    "Confidential Information; nonconfidential information. Confidential information and trade "
    "secrets shall be kept confidential.",  # overlapping: "kept confidential", "confidential"
    "Either party may terminate this Agreement for convenience upon notice. Termination for "
    "convenience; governing law. This Agreement shall be governed by the laws of Delaware.",
]
NL_CLAUSES = [
    "De Verwerker meldt een datalek. Op deze overeenkomst is Nederlands recht van toepassing;\n"
    "geheimhouding, aansprakelijkheid en boete.",
]


@pytest.mark.parametrize(
    ("language", "text"),
    [(lang, t) for t in EN_CLAUSES for lang in ("en", "und")]
    + [(lang, t) for t in NL_CLAUSES for lang in ("nl", "und")],
)
def test_clause_phrases_match_like_a_word_boundary_look_ahead(language: str, text: str) -> None:
    patterns = sorted({p for ps in _all_body_patterns(LANGS[language]) for p in ps})
    plain = re.compile(rf"(?=(\b{_trie_regex(patterns)}))")  # every start, overlapping
    expected = [(m.start(), " ".join(m.group(1).split())) for m in plain.finditer(text.lower())]
    assert len(expected) >= 3  # the texts do hold phrases
    assert _phrases(text, language) == expected


@pytest.mark.parametrize(
    "forms",
    [
        ("Licensee", "Licensor", "Company", "Service Provider", "Provider"),
        ("(the Company)", "Company", "Supplier"),  # a form that starts with punctuation
    ],
)
@pytest.mark.parametrize("text", [*TEXTS, "Licensee; the Licensee, sublicensee (the Company)"])
def test_at_word_start_matches_like_a_word_boundary(forms: tuple[str, ...], text: str) -> None:
    ordered = sorted(forms, key=len, reverse=True)
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")
    fast = re.compile(at_word_start(forms) + r"\b")
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_generic_duty_subjects_match_the_written_list() -> None:
    plain = re.compile(
        r"\b(?P<role>Each\sParty|Either\sParty|each\sParty|either\sparty|each\sparty"
        r"|The\sParties|the\sParties|Parties)\s(?P<modal>shall|will|must|agree\sto)\s"
        r"(?P<rest>.*)$"
    )
    for text in (
        "Each Party shall keep records.",
        "Thereafter either party will notify.",
        "The Parties agree to meet; theParties shall not.",
        "Counterparties shall pay. each party must sign",
        "Either\tParty shall deliver",
    ):
        fast, slow = _GENERIC_EN.search(text), plain.search(text)
        assert (fast and (fast.span(), fast.group("role"))) == (
            slow and (slow.span(), slow.group("role"))
        )


def test_tail_width_only_for_patterns_anchored_at_the_end() -> None:
    assert tail_width(re.compile(r"\bnotice\speriod\sof\s$")) == len("notice period of ") + 1
    assert tail_width(re.compile(r"notice$|term")) is None  # "$" only in one alternative
    assert tail_width(re.compile(r"\bterm\sof\s(?:\w+\s)?$")) is None  # no bound in width
    assert tail_width(re.compile(r"\bterm\sof\s")) is None


WINDOWS = [
    "this agreement shall continue for an initial term of ",
    "either party may terminate this agreement upon written notice to the other party of at least ",
    "the term of this agreement shall be ",
    "met inachtneming van een opzegtermijn van ten minste ",
    "de overeenkomst wordt aangegaan voor de duur van ",
    "x" * 300 + " with a notice period of ",
    "the notice period of " + "y" * 200,
    "",
]


def test_cues_searched_from_their_tail_find_what_a_full_search_finds() -> None:
    from contractdossier.recognise.terms import _TAIL_WIDTH

    assert len(_TAIL_WIDTH) > 20  # the cue lists do have end-anchored, bounded cues
    matched = 0
    for pattern, width in _TAIL_WIDTH.items():
        for window in WINDOWS:
            full = pattern.search(window) is not None
            matched += full
            assert (pattern.search(window, max(0, len(window) - width)) is not None) == full
    assert matched >= 5  # some of the cues do match the windows


def test_sentence_boundaries_match_the_written_alternation() -> None:
    from contractdossier.recognise.terms import _BOUNDARY, _boundary_kind

    plain = re.compile(
        r"(?=[\n\f.!?;])(?:"
        r"(?P<para>(?:\n[ \t]*\n|\f)\s*)"
        r"|(?P<punct>[.!?;][\"”’')\]]{0,2}[ \t\n]+(?=[\"“‘'(\[]?[A-Z0-9À-Ý]|[a-z]{1,3}[A-Z]))"
        r"|(?P<item>\n(?=[ \t]*(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?[ \t]|\([a-z0-9]{1,4}\)[ \t]"
        r"|[a-z]{1,3}[.)][ \t]|(?:Artikel|ARTIKEL|Article|ARTICLE|Section|SECTION|Bijlage|BIJLAGE"
        r"|Annex|ANNEX|Schedule|SCHEDULE)\b|[-•●▪–][ \t])))"
        r"|(?P<glued>(?<=[a-z\d)][a-z\d)])[.;](?=[A-Z][a-z]))"
        r")"
    )
    text = (
        "ARTICLE 1 TERM\n\n1.1 The term is one year. It renews! Does it? Yes; Notice.\n"
        "(a) first item\nb) second item\nSection 2 Law\n– dash item\nwrapped line\n"
        'gewezen.Artikel 4 volgt;Daarna ok.\fPage two starts.\n  \n\nlast, "Quoted" end. '
        '(x) 3. Item\n12.3 clause\nend.) Next; ("Q") and e.g. More.Text'
    )
    fast = [(m.start(), m.end(), _boundary_kind(m)) for m in _BOUNDARY.finditer(text)]
    slow = [(m.start(), m.end(), m.lastgroup) for m in plain.finditer(text)]
    assert fast == slow
    assert {kind for _, _, kind in fast} == {"para", "punct", "item", "glued"}
