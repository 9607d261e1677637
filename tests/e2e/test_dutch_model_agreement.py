"""A Dutch model agreement through the real CLI: "Artikel N" headings over paragraphs numbered
"1.", "2." (the leden), a numbered list of the parties, and evidence that cites the paragraph
("art. 5.1") the way Dutch contracts do."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_run import run_ok as run
from tests.pdfs import write_pdf

CONTRACT = [
    "OVEREENKOMST VAN OPDRACHT\n"
    "Partijen\n"
    "1. Brugwachter Interim B.V., gevestigd te Zwolle en kantoorhoudende aan de Kade 4, hierna te "
    "noemen: \"Opdrachtgever\";\n"
    "en\n"
    "2. Lindeboom Advies B.V., gevestigd te Deventer, hierna te noemen: \"Opdrachtnemer\";\n"
    "Partijen komen het volgende overeen\n"
    "Artikel 1 De opdracht\n"
    "1. Opdrachtnemer verricht voor Opdrachtgever de werkzaamheden uit bijlage A.\n"
    "Artikel 2 Uitvoering van de opdracht\n"
    "1. Opdrachtnemer deelt zijn werkzaamheden zelfstandig in.\n"
    "2. Opdrachtgever en Opdrachtnemer verstrekken elkaar alle informatie die nodig is.\n"
    "Artikel 3 Duur van de overeenkomst\n"
    "1. De opdracht vangt aan op 1 februari 2025 en eindigt op 31 januari 2026.\n"
    "2. De overeenkomst wordt niet stilzwijgend verlengd.\n"
    "Artikel 4 Vergoeding\n"
    "1. Opdrachtgever betaalt Opdrachtnemer EUR 95,00 per uur, exclusief btw.\n"
    "2. Opdrachtgever betaalt de facturen binnen dertig (30) dagen na factuurdatum.\n"
    "Artikel 5 Opzegging\n"
    "1. Ieder der Partijen kan de overeenkomst schriftelijk opzeggen met inachtneming van een "
    "termijn van een maand.\n"
    "2. Partijen mogen de overeenkomst met onmiddellijke ingang opzeggen indien:\n"
    "1. de andere Partij in verzuim is;\n"
    "2. de onderneming van de andere Partij wordt overgedragen.\n"
    "3. Opzegging geschiedt per aangetekende brief.\n"
    "Artikel 6 Toepasselijk recht\n"
    "1. Op deze overeenkomst is Nederlands recht van toepassing.\n"
    "Aldus overeengekomen en ondertekend te Zwolle op 20 januari 2025.\n"
]


def test_a_dutch_model_agreement_cites_its_leden(home: Path, tmp_path: Path) -> None:
    write_pdf(tmp_path / "inbox" / "Inhuur" / "opdracht.pdf", CONTRACT)
    run("ingest", "--json", str(tmp_path / "inbox"))
    (contract,) = json.loads(run("list", "--json"))
    shown = json.loads(run("show", str(contract["id"]), "--json", "--as-of", "2025-06-01"))

    tops = [(c["ref"], c["heading"]) for c in shown["clauses"] if "." not in c["ref"]]
    assert tops == [
        ("1", "De opdracht"),
        ("2", "Uitvoering van de opdracht"),
        ("3", "Duur van de overeenkomst"),
        ("4", "Vergoeding"),
        ("5", "Opzegging"),
        ("6", "Toepasselijk recht"),
    ]
    leden = [c["ref"] for c in shown["clauses"] if c["ref"].startswith("5.")]
    assert leden == ["5.1", "5.2", "5.3"]  # the list under 5.2 belongs to 5.2
    assert {p["name"] for p in shown["parties"]} == {
        "Brugwachter Interim B.V.",
        "Lindeboom Advies B.V.",
    }
    assert shown["notice_period"]["value"] == "P1M"
    assert shown["notice_period"]["evidence"][0]["clause"] == "5.1"
    assert shown["end_date"]["value"] == "2026-01-31"
    assert shown["end_date"]["evidence"][0]["clause"] == "3.1"
    paid = next(o for o in shown["obligations"] if "facturen" in o["action"])
    assert (paid["party"], paid["clause"]) == ("Opdrachtgever", "4.2")
