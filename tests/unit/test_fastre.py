"""The fast regex shapes match exactly what the plain shapes match."""

import re

import pytest

from contractdossier.recognise.clauses import _all_body_patterns, _phrases, _trie_regex
from contractdossier.recognise.fastre import (
    Gated,
    at_word_start,
    gated,
    required_literals,
    tail_width,
    word_start,
)
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


# -- literal gates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bautomatic(?:ally)?\s+renew", ("automatic",)),  # the longest run, across "\b"
        (r"geschil|dispute|claim", ("claim", "dispute", "geschil")),  # one from each branch
        (r"renewal|renew", ("renew",)),  # "renew" finds "renewal" too
        (r"(?:abc){2,}x", ("abc",)),  # a repeat of at least one
        (r"foo|\d+", None),  # a branch that needs no word
        (r"(?:verleng)?\w+", None),  # an optional group needs nothing
        (r"of|en", None),  # too short to be worth a test
        (
            r"(?:ten\s+minste\s+)?(?:eenmaal|tweemaal|once|twice)\s+per",
            ("once", "twice", "eenmaal", "tweemaal"),
        ),
    ],
)
def test_required_literals_are_read_from_the_parsed_pattern(
    pattern: str, expected: tuple[str, ...] | None
) -> None:
    assert required_literals(re.compile(pattern, re.I)) == expected


def test_a_gate_needs_literals() -> None:
    with pytest.raises(ValueError, match="no literal"):
        Gated(re.compile(r"\d+"))
    assert gated(re.compile(r"\d+")).pattern == r"\d+"  # the pattern itself, no gate
    assert isinstance(gated(re.compile("dispute")), Gated)


def test_the_gate_skips_only_texts_without_the_words() -> None:
    plain = re.compile(r"\b(?:dispute|claim)s?\b", re.I)
    gate = Gated(plain)
    for text in ("Any DISPUTE arising", "no word here", "claims, Claims", "", "disput e"):
        for pos, endpos in ((0, len(text)), (4, len(text)), (0, 5), (-3, 100)):
            for method in ("search", "match", "fullmatch"):
                got = getattr(gate, method)(text, pos, endpos)
                want = getattr(plain, method)(text, pos, endpos)
                assert (got and got.span()) == (want and want.span()), (text, pos, endpos, method)
            assert [m.span() for m in gate.finditer(text, pos, endpos)] == [
                m.span() for m in plain.finditer(text, pos, endpos)
            ]


def test_characters_that_ignorecase_folds_unlike_lower_open_the_gate() -> None:
    # "ſ" (long s) matches "s", and "ı"/"İ" match "i", under IGNORECASE; str.lower() keeps the
    # first two and turns "İ" into two characters, so a plain lower-case test would miss them
    for word, text in (("dispute", "DIſPUTE"), ("interim", "ıNTERIM"), ("interim", "İNTERIM")):
        plain = re.compile(word, re.I)
        assert plain.search(text) is not None
        assert Gated(plain).search(text) is not None


def test_the_odd_case_class_holds_every_such_character() -> None:
    from contractdossier.recognise.fastre import _ODD_CASE

    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
    for letter in "abcdefghijklmnopqrstuvwxyzéëïöüàèç":
        for m in re.finditer(re.escape(letter), every, re.I):
            char = m.group()
            assert letter in char.lower() or _ODD_CASE.match(char), (letter, char)


def _gated_patterns() -> list[Gated]:
    from contractdossier.recognise import amendments, amounts, law, obligations, parties, terms

    found = [
        value
        for module in (amendments, amounts, law, obligations, parties, terms)
        for value in vars(module).values()
        if isinstance(value, Gated)
    ]
    found += [  # and the cue lists of terms
        cue
        for value in vars(terms).values()
        if isinstance(value, tuple)
        for item in value
        if isinstance(item, tuple) and item and isinstance(cue := item[0], Gated)
    ]
    return found


SENTENCES = [
    "This Agreement shall automatically renew for successive one (1) year periods unless either "
    "party gives written notice of non-renewal at least ninety (90) days prior to the end.",
    "De overeenkomst wordt telkens stilzwijgend verlengd met een periode van twaalf maanden, "
    "tenzij een der partijen uiterlijk drie (3) maanden voor het einde schriftelijk opzegt.",
    "Any dispute arising out of this Agreement shall be submitted to the exclusive jurisdiction "
    "of the courts of Amsterdam; nothing prevents a party from seeking injunctive relief.",
    "Each Party shall keep records and the Supplier shall report once a month, for the first "
    "time on 1 March 2025, during the period from 1 January to 31 March.",
    "The prices are excluding VAT. Partijen komen het volgende overeen: Leverancier levert.",
    "NOW, THEREFORE, the parties agree as follows: the initial term of this Agreement is three "
    "years; the Licensee may, at its option, extend the term for two additional years.",
    "Patents and insurance policies are no part of this contract; the Software is licensed.",
    "The weather was fine and nothing in this sentence is a cue of any kind at all.",
    "Uitgesloten is arbitrage; geschillen worden voorgelegd aan de bevoegde rechter te Utrecht.",
]


def test_gated_recogniser_patterns_find_what_the_patterns_find() -> None:
    patterns = _gated_patterns()
    assert len(patterns) >= 30  # the recognisers do gate their sentence cues
    matched = skipped = 0
    for gate in patterns:
        for text in SENTENCES:
            lowered = text.lower()
            for t in (text, lowered):
                got, want = gate.search(t), gate.pattern.search(t)
                assert (got and got.span()) == (want and want.span()), (gate.pattern.pattern, t)
                matched += want is not None
                skipped += gate._absent(t, 0, len(t))
    assert matched >= 20  # the sentences do hold cues
    assert skipped >= len(patterns)  # and the gates do skip sentences without them
