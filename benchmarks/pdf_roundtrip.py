"""Fidelity on PDF layouts and extractors the dev set does not contain, from our own text.

The project's own clean sample texts (`cleaner/sample/clean`, one paragraph per line) are
typeset by real engines in several layouts (ReportLab platypus: a book page with
first-line indents, 2 and 3 newspaper columns, justified or ragged, running header and
page-number footers; PyMuPDF `Story`: HTML with CSS, 1 and 2 columns), extracted by the
usual tools (pdftotext plain, -layout and -raw, pdfminer.six, pdfplumber, PyMuPDF, pypdf,
and OCR for a few documents), and cleaned by the default ruleset. The gold is the text as
it was. Numbers are printed per layout and per extractor, split by raw CER > 0.5
(columns interleaved by the extractor) as benchmarks/fidelity.py does; `--analyse`
classifies what the cleaned text still gets wrong by mechanism.

    python benchmarks/pdf_roundtrip.py --work /tmp/rt [--no-ocr] [--analyse] [--json]

Generated PDFs, extractions and cleaned texts are cached under `--work`; delete a
folder there to make it again. Dev tools only (reportlab, pymupdf, pdfplumber, pypdf,
pdfminer.six, poppler-utils, tesseract with chi_sim); a missing engine is skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roundtrip_typeset import LAYOUTS, load_docs

from cleaner.document import Document
from cleaner.evaluate.metrics import DocScore, summarize
from cleaner.evaluate.scoring import clean_text
from cleaner.pipeline import PipelineSpec

INTERLEAVED_RAW_CER = 0.5
OCR_DOCS = 3  # OCR is slow on two shared cores: the first few documents only
OCR_LAYOUTS = ("rl-book", "rl-2col", "mu-2col")


def _poppler(*flags: str) -> Callable[[Path], str]:
    def run(pdf: Path) -> str:
        cmd = ["pdftotext", "-enc", "UTF-8", *flags, str(pdf), "-"]
        return subprocess.run(cmd, capture_output=True, check=True, text=True).stdout
    return run


def _pdfminer(pdf: Path) -> str:
    from pdfminer.high_level import extract_text
    return extract_text(str(pdf))


def _plumber(layout: bool) -> Callable[[Path], str]:
    def run(pdf: Path) -> str:
        import pdfplumber
        with pdfplumber.open(str(pdf)) as doc:
            return "\n".join(p.extract_text(layout=layout) or "" for p in doc.pages)
    return run


def _mupdf(blocks: bool) -> Callable[[Path], str]:
    def run(pdf: Path) -> str:
        import pymupdf
        with pymupdf.open(str(pdf)) as doc:
            if blocks:
                return "\n".join(b[4] for page in doc for b in page.get_text("blocks"))
            return "".join(page.get_text() for page in doc)
    return run


def _pypdf(pdf: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)


def _ocr(pdf: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "250", "-png", str(pdf), f"{tmp}/p"], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("p*.png")):
            cmd = ["tesseract", str(png), "-", "-l", "chi_sim"]
            pages.append(subprocess.run(cmd, capture_output=True, check=True,
                                        text=True).stdout)
        return "\f".join(pages)


EXTRACTORS: dict[str, tuple[str | None, Callable[[Path], str]]] = {
    # name: (module or program it needs, function)
    "pdftotext": ("pdftotext", _poppler()),
    "pdftotext_layout": ("pdftotext", _poppler("-layout")),
    "pdftotext_raw": ("pdftotext", _poppler("-raw")),
    "pdfminer": ("pdfminer", _pdfminer),
    "pdfplumber": ("pdfplumber", _plumber(False)),
    "pdfplumber_layout": ("pdfplumber", _plumber(True)),
    "pymupdf": ("pymupdf", _mupdf(False)),
    "pymupdf_blocks": ("pymupdf", _mupdf(True)),
    "pypdf": ("pypdf", _pypdf),
    "tesseract": ("tesseract", _ocr),
}


def available(need: str | None) -> bool:
    """A Python module or a program on PATH."""
    if need is None:
        return True
    return shutil.which(need) is not None or importlib.util.find_spec(need) is not None


def _cached(path: Path, make: Callable[[], str]) -> str:
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), "utf-8")
    return path.read_text("utf-8")


def build_pdfs(work: Path, docs: dict[str, tuple[str, str]]) -> dict[tuple[str, str], Path]:
    """Typeset every document in every layout whose engine is installed (cached)."""
    out = {}
    for layout, (need, typeset) in LAYOUTS.items():
        if not available(need):
            print(f"skip layout {layout}: {need} missing", file=sys.stderr)
            continue
        for name, (title, text) in docs.items():
            pdf = work / "pdf" / layout / f"{name}.pdf"
            if not pdf.is_file():
                pdf.parent.mkdir(parents=True, exist_ok=True)
                typeset(pdf, title, text)
            out[layout, name] = pdf
    return out


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(x.split()[1]) for x in info.splitlines() if x.startswith("Pages:")), 0)


def _wanted(extractor: str, layout: str, name: str, order: list[str], ocr: bool) -> bool:
    if extractor != "tesseract":
        return True
    return ocr and layout in OCR_LAYOUTS and name in order[:OCR_DOCS]


def _extract(work: Path, layout: str, name: str, pdf: Path, extractor: str) -> str | None:
    """The cached extraction; None (and a message) when the tool fails on this PDF."""
    extract = EXTRACTORS[extractor][1]
    try:
        return _cached(work / "txt" / layout / extractor / f"{name}.txt", lambda: extract(pdf))
    except Exception as exc:  # noqa: BLE001 - one tool failing on one PDF is a result
        print(f"{extractor} failed on {layout}/{name}: {exc}", file=sys.stderr)
        return None


def run(work: Path, ocr: bool) -> list[dict[str, Any]]:
    """Every (layout, extractor, document) triple: raw, cleaned and gold, with its score."""
    docs = load_docs()
    pipeline = PipelineSpec().build()
    order, rows = list(docs), []
    for (layout, name), pdf in build_pdfs(work, docs).items():
        pages, (title, gold) = _pages(pdf), docs[name]
        for extractor, (need, _) in EXTRACTORS.items():
            if not available(need) or not _wanted(extractor, layout, name, order, ocr):
                continue
            raw = _extract(work, layout, name, pdf, extractor)
            if raw is None:
                continue
            source = f"{layout}/{extractor}/{name}.txt"
            cleaned = clean_text(pipeline, Document.from_text(raw, source=source))
            (work / "clean" / source).parent.mkdir(parents=True, exist_ok=True)
            (work / "clean" / source).write_text(cleaned, "utf-8")
            rows.append({"layout": layout, "extractor": extractor, "name": name,
                         "title": title, "pages": pages, "raw": raw, "cleaned": cleaned,
                         "gold": gold, "score": DocScore.from_texts(source, raw, cleaned, gold)})
    return rows


def kind(row: dict[str, Any]) -> str:
    """OCR, intact, or reading order lost (raw CER > 0.5, a measuring device only; as in
    benchmarks/fidelity.py, `*_layout` output printed side by side is told apart)."""
    if row["extractor"] == "tesseract":
        return "ocr"
    if row["score"].raw_cer <= INTERLEAVED_RAW_CER:
        return "intact"
    return "side by side" if row["extractor"].endswith("_layout") else "interleaved"


def groups(rows: list[dict[str, Any]]) -> dict[str, list[DocScore]]:
    """Per layout and per extractor, split into intact, interleaved and OCR."""
    out: dict[str, list[DocScore]] = defaultdict(list)
    for row in rows:
        k, s = kind(row), row["score"]
        out[f"all {k}"].append(s)
        out[f"{k}: {row['layout']}"].append(s)
        if k != "ocr":
            out[f"{k}: {row['extractor']}"].append(s)
    return dict(sorted(out.items()))


def _row(summary: dict[str, Any]) -> dict[str, Any]:
    keys = ("docs", "raw_cer", "clean_cer", "micro_reduction", "break_precision",
            "break_recall", "break_f1")
    return {k: summary[k] for k in keys}


def print_table(table: dict[str, dict[str, Any]]) -> None:
    print(f"{'group':34} {'docs':>4} {'raw CER':>8} {'clean CER':>9} {'reduction':>9} "
          f"{'break P':>7} {'break R':>7} {'break F1':>8}")
    for name, r in table.items():
        print(f"{name:34} {r['docs']:>4} {r['raw_cer']:>8.2%} {r['clean_cer']:>9.2%} "
              f"{r['micro_reduction']:>+9.1%} {r['break_precision']:>7.1%} "
              f"{r['break_recall']:>7.1%} {r['break_f1']:>8.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/rt"))
    parser.add_argument("--no-ocr", action="store_true", help="skip the tesseract runs")
    parser.add_argument("--analyse", action="store_true",
                        help="classify residual errors of the cleaned text by mechanism")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    missing = [n for n in ("reportlab", "pdftotext") if not available(n)]
    if missing:
        print(f"pdf_roundtrip: skipped, {' and '.join(missing)} not installed")
        return 0
    rows = run(args.work, ocr=not args.no_ocr)
    table = {k: _row(summarize(v)) for k, v in groups(rows).items()}
    if args.json:
        print(json.dumps(table, indent=1))
    else:
        print_table(table)
    if args.analyse:
        from roundtrip_analysis import ledger, reading_order, report
        kept = [r for r in rows if kind(r) in ("intact", "ocr")]
        report(kept, args.work)
        ledger(kept)
        reading_order([r for r in rows if kind(r) in ("interleaved", "side by side")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
