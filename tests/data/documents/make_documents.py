"""Writes the PDFs kept in this folder (run from the repository: python
tests/data/documents/make_documents.py). They are generated with reportlab from rows written in
tests/loaders/test_pdf.py; nothing here was fetched from the web."""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent.parent))

from tests.loaders.documents import scanned_pdf  # noqa: E402
from tests.loaders.test_pdf import gov_uk_pdf  # noqa: E402

gov_uk_pdf(HERE / "tca_table.pdf")
gov_uk_pdf(HERE / "bad" / "locked.pdf", encrypt="secret")
scanned_pdf(HERE / "bad" / "scanned.pdf")
whole = (HERE / "tca_table.pdf").read_bytes()
(HERE / "bad" / "truncated.pdf").write_bytes(whole[:len(whole) // 2])
(HERE / "bad" / "not_a_pdf.pdf").write_text("<html><body>Not found</body></html>\n",
                                            encoding="utf-8")
