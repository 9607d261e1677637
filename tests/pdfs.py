"""Small real PDFs for tests, written with fpdf2 (text layer) — no third-party contract text."""

from __future__ import annotations

from pathlib import Path


def write_pdf(path: Path, pages: list[str], *, title: str = "Test") -> Path:
    """A text PDF with one page per string (lines split on newlines)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_creation_date(__import__("datetime").datetime(2024, 1, 1))
    pdf.set_font("Helvetica", size=11)
    for body in pages:
        pdf.add_page()
        for line in body.splitlines():
            pdf.multi_cell(
                0,
                6,
                line.encode("latin-1", "replace").decode("latin-1"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def contract_pages(name: str, n: int = 2) -> list[str]:
    """Plausible Dutch contract pages, made unique by ``name``."""
    first = (
        f"DIENSTVERLENINGSOVEREENKOMST {name.upper()}\n"
        f"Partijen: {name} B.V., gevestigd te Utrecht, hierna te noemen 'Opdrachtnemer', en "
        "Gemeente Voorbeeld, hierna te noemen 'Opdrachtgever'.\n"
        "Artikel 1 Duur\n1.1 Deze overeenkomst gaat in op 1 januari 2025 en wordt aangegaan "
        "voor de duur van drie (3) jaar.\n"
    )
    rest = [
        f"Artikel {i + 1} Verplichtingen\n{i + 1}.1 Opdrachtnemer levert de diensten zorgvuldig. "
        f"Pagina {i + 1} van {n} voor {name}.\n"
        for i in range(1, n)
    ]
    return [first, *rest]
