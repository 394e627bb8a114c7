"""Reading the text layer of a PDF with pypdf; a scan without one is refused with the reason."""

import io
import logging

from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _

# A page with fewer characters than this is taken as an image of text (a scan).
MIN_CHARS_PER_PAGE = 20


def pdf_text(data: bytes, name: str) -> str:
    """The text of every page in order, pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs every oddity of a damaged file; the reason is reported once, below.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InvalidInput(
                _("{name} is a password-protected PDF").format(name=name),
                _("save an unprotected copy, or import the Word or text version"),
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except InvalidInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InvalidInput(
            _("{name} is not a readable PDF (it is corrupt or truncated)").format(name=name),
            _("open it in a PDF reader and save it again, or import the Word or text version"),
        ) from exc
    text = "\n\n".join(page.strip() for page in pages)
    visible = sum(1 for ch in text if not ch.isspace())
    if visible < MIN_CHARS_PER_PAGE * max(len(pages), 1):
        raise InvalidInput(
            _(
                "{name} is a scanned PDF: it has no text layer ({chars} characters on "
                "{pages} pages), only images of text"
            ).format(name=name, chars=visible, pages=len(pages)),
            _("run OCR on it first, or import the Word or text version"),
        )
    return text
