"""Reading the text layer of a PDF with pypdf; a scan without one is refused with the reason."""

import io
import logging

from normdocs.domain.errors import InvalidInput
from normdocs.domain.profile import ImportRules
from normdocs.i18n import _
from normdocs.importers.archive import size_text

# A page with fewer characters than this is taken as an image of text (a scan).
MIN_CHARS_PER_PAGE = 20


# One piece: pypdf held to the profile's byte bounds, and every way a file fails said in one place.
def pdf_text(data: bytes, name: str, limits: ImportRules | None = None) -> str:
    """The text of every page in order, pages separated by a blank line.

    pypdf inflates each stream it reads (content, fonts' ToUnicode maps, object streams) whole:
    every decoder is held to the profile's max_part_bytes, and one that reaches it (a flate
    bomb), like any other damage pypdf finds, makes the file one rejected item."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    limits = limits or ImportRules()
    part = limits.max_part_bytes
    # pypdf logs every oddity of a damaged file; the reason is reported once, below.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with apply_configuration(
            array_based_stream_maximum_output_length=part,
            zlib_maximum_output_length=part,
            lzw_maximum_output_length=part,
            run_length_maximum_output_length=part,
            brotli_maximum_output_length=part,
            jbig2_maximum_output_length=part,
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InvalidInput(
                    _("{name} is a password-protected PDF").format(name=name),
                    _("save an unprotected copy, or import the Word or text version"),
                )
            pages = []
            chars = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > limits.max_text_chars:
                    break  # the caller refuses it for its length; no need to read on
    except InvalidInput:
        raise
    except LimitReachedError as exc:
        raise InvalidInput(
            _(
                "{name}: a stream of this PDF unpacks to more than {limit} "
                "(a PDF bomb or a huge drawing)"
            ).format(name=name, limit=size_text(part)),
            _("check the file; the limit is import.max_part_bytes in the profile"),
        ) from exc
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        IndexError,
    ) as exc:
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
