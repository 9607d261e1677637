"""Pure text clean-up: whitespace, running headers/footers, hyphenation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from contractdossier.extract.layout import (
    Vocabulary,
    clean_pages,
    looks_garbled,
    normalise_whitespace,
    remove_running_lines,
    repair_hyphenation,
    usable_chars,
)

SENTENCES = [
    "De opdrachtnemer levert de diensten volgens de afspraken.",
    "Partijen overleggen ieder kwartaal over de voortgang.",
    "Wijzigingen worden schriftelijk vastgelegd.",
    "De opdrachtgever betaalt binnen dertig dagen na factuurdatum.",
    "Geschillen worden voorgelegd aan de bevoegde rechter.",
    "De overeenkomst kan tussentijds worden opgezegd.",
    "Vertrouwelijke informatie blijft geheim, ook na afloop.",
    "Op deze overeenkomst is Nederlands recht van toepassing.",
    "Facturen vermelden het kenmerk van de opdracht.",
    "De aansprakelijkheid is beperkt tot het factuurbedrag.",
    "Overmacht schort de verplichtingen van partijen op.",
]


WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"]


def body(n: int) -> list[str]:
    """Eight lines of page text that differ from page to page (as real pages do)."""
    return [f"{SENTENCES[(n + k) % len(SENTENCES)]} Zie bijlage {WORDS[n]}." for k in range(8)]


def page(number: int, total: int, *, header: bool = True) -> str:
    lines = ["Dienstverleningsovereenkomst Voorbeeld – Vertrouwelijk"] if header else []
    lines += [*body(number), f"Pagina {number} van {total}"]
    return "\n".join(lines)


# -- whitespace ------------------------------------------------------------------------------


def test_normalise_keeps_line_breaks_and_collapses_spaces() -> None:
    raw = (
        "  Artikel 1\u00a0\u00a0 Duur \r\nDeze   overeen\u00adkomst\x00 geldt"
        "\r\n\r\n\r\n\r\nvoor\tdrie jaar. "
    )
    assert normalise_whitespace(raw) == "Artikel 1 Duur\nDeze overeenkomst geldt\n\nvoor drie jaar."


def test_normalise_nfc_ligatures_and_form_feeds() -> None:
    decomposed = "Financie\u0308le over\ufb01e\u0301\fslot"
    assert normalise_whitespace(decomposed) == "Financiële overfié\nslot"


def test_pdfium_hyphen_mark_becomes_a_line_end_hyphen() -> None:
    # pdfium joins "overeen-" / "komst" into one line and marks the join with U+FFFE or U+0002
    assert normalise_whitespace("overeen\ufffekomst is") == "overeen-\nkomst is"
    assert normalise_whitespace("overeen\x02komst") == "overeen-\nkomst"


@given(st.text())
def test_normalise_is_idempotent_and_never_leaves_page_separators(text: str) -> None:
    once = normalise_whitespace(text)
    assert normalise_whitespace(once) == once
    assert "\f" not in once and "\x00" not in once and "\r" not in once
    assert "  " not in once


def test_usable_chars_and_garbled() -> None:
    assert usable_chars(" a b\n c \f") == 3
    assert looks_garbled("\ue001\ue002\ue003 ab")
    assert looks_garbled("(cid:12)(cid:13) x")
    assert not looks_garbled("Een gewone zin met één € teken.")
    assert not looks_garbled("")


# -- running headers and footers ---------------------------------------------------------------


def test_removes_running_header_and_page_numbers() -> None:
    pages = [page(n, 5, header=n > 1) for n in range(1, 6)]
    result = remove_running_lines(pages)
    for n, text in enumerate(result.pages, start=1):
        assert text == "\n".join(body(n))
    assert result.removed_lines == (
        "Pagina 1 van 5",
        "Dienstverleningsovereenkomst Voorbeeld – Vertrouwelijk",
    )


def test_keeps_numbered_headings_that_do_not_follow_the_page() -> None:
    headings = [3, 3, 5, 8, 9, 12]  # the article that happens to open each page
    pages = ["\n".join([f"ARTIKEL {h}", *body(n)]) for n, h in enumerate(headings)]
    result = remove_running_lines(pages)
    assert result.removed_lines == ()
    assert result.pages == tuple(pages)


def test_page_number_variants() -> None:
    for footer in ("pagina {n}/6", "Page {n} of 6", "- {n} -", "-{n}-", "{n}", "{n}.", "Blad {n}"):
        pages = ["\n".join([*body(n), footer.format(n=n)]) for n in range(1, 7)]
        result = remove_running_lines(pages)
        assert result.pages == tuple("\n".join(body(n)) for n in range(1, 7)), footer


def test_bare_numbers_must_follow_the_page_index() -> None:
    # "1." opening a list at the top of every page is not a page number, nor is a "2." that
    # matches the page number on a minority of pages
    pages = ["\n".join(["1.", *body(n)]) for n in range(6)]
    assert remove_running_lines(pages).pages == tuple(pages)
    pages = ["\n".join([f"{h}.", *body(n)]) for n, h in enumerate([1, 2, 3, 9, 11, 14, 17])]
    assert remove_running_lines(pages).pages == tuple(pages)


def test_edgar_footer_removed_even_on_a_single_page() -> None:
    text = "\n".join([*body(1), "Source: EXAMPLE HOLDINGS INC, 10-K, 3/12/2020"])
    assert remove_running_lines([text]).pages == ("\n".join(body(1)),)


def test_footer_with_changing_page_number_inside_a_longer_line() -> None:
    footer = "Kenmerk ABC/2024-003 – versie 1.0 definitief Pagina {n} van 7"
    pages = ["\n".join([*body(n), footer.format(n=n)]) for n in range(1, 8)]
    result = remove_running_lines(pages)
    assert result.pages == tuple("\n".join(body(n)) for n in range(1, 8))
    assert result.removed_lines == ("Kenmerk ABC/2024-003 – versie 1.0 definitief Pagina 1 van 7",)


def test_lines_repeated_on_a_minority_of_pages_stay() -> None:
    pages = [
        "\n".join(["Bijlage A – Tarieven", *body(n)]) if n < 2 else "\n".join(body(n))
        for n in range(6)
    ]
    assert remove_running_lines(pages).removed_lines == ()


def test_repeated_line_in_the_middle_of_pages_stays() -> None:
    pages = [
        "\n".join([*body(n)[:4], "Handtekening opdrachtgever", *body(n)[4:]]) for n in range(4)
    ]
    result = remove_running_lines(pages)
    assert result.pages == tuple(pages)


# -- hyphenation -------------------------------------------------------------------------------


def test_hyphenation_joins_the_word_and_keeps_the_rest_of_the_line() -> None:
    assert repair_hyphenation("De overeen-\nkomst is gesloten") == "De overeenkomst\nis gesloten"
    assert repair_hyphenation("overeen-\nkomst") == "overeenkomst"


def test_hyphenation_keeps_real_hyphens() -> None:
    assert repair_hyphenation("gevestigd in Noord-\nHolland.") == "gevestigd in Noord-Holland."
    assert repair_hyphenation("de ICT-\nbeheerder") == "de ICT-beheerder"
    assert (
        repair_hyphenation("aan- en\nverkoop in-\nen verkoop") == "aan- en\nverkoop in-\nen verkoop"
    )
    assert repair_hyphenation("periode 2024-\n2025") == "periode 2024-\n2025"
    assert repair_hyphenation("Artikel 3 -\nduur") == "Artikel 3 -\nduur"


def test_hyphenation_follows_the_documents_own_spelling() -> None:
    vocabulary = Vocabulary.of(["stuur een e-mail naar", "de overeenkomst"])
    assert repair_hyphenation("per e-\nmail sturen", vocabulary) == "per e-mail\nsturen"
    assert repair_hyphenation("de overeen-\nkomst", vocabulary) == "de overeenkomst"


def test_english_default_keeps_compound_hyphens() -> None:
    text = "a non-\nexclusive licence"
    assert repair_hyphenation(text, keep_by_default=True) == "a non-exclusive\nlicence"
    vocabulary = Vocabulary.of(["this agreement"])
    assert repair_hyphenation("the agree-\nment", vocabulary, keep_by_default=True) == (
        "the agreement"
    )
    assert repair_hyphenation("out-of-\npocket costs", keep_by_default=False) == (
        "out-of-pocket\ncosts"
    )


# -- all together ------------------------------------------------------------------------------


def test_clean_pages_end_to_end() -> None:
    pages = [
        "Huurovereenkomst – pagina 1/3\r\nDe huur-\r\nder betaalt de huur\u00a0 per maand.\r\n1",
        "Huurovereenkomst – pagina 2/3\r\nDe verhuurder onderhoudt het gehuurde.\r\n2",
        "Huurovereenkomst – pagina 3/3\r\nDe overeenkomst eindigt na een jaar van de huur.\r\n3",
    ]
    result = clean_pages(pages)
    assert result.pages == (
        "De huurder\nbetaalt de huur per maand.",
        "De verhuurder onderhoudt het gehuurde.",
        "De overeenkomst eindigt na een jaar van de huur.",
    )
    assert result.removed_lines == ("Huurovereenkomst – pagina 1/3", "1")
    assert result.language == "nl"
