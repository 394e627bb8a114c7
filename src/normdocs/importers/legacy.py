"""Old Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice when it is installed."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _

CONVERT_TIMEOUT_S = 120


def soffice_command() -> str | None:
    """The LibreOffice binary on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, name: str) -> bytes:
    """The .docx bytes LibreOffice makes of `path`; refused when LibreOffice is not installed
    or cannot convert the file."""
    soffice = soffice_command()
    if soffice is None:
        raise InvalidInput(
            _("{name}: reading {suffix} files needs LibreOffice, which is not installed").format(
                name=name, suffix=path.suffix.lower()
            ),
            _(
                "install the package libreoffice (e.g. apt-get install libreoffice-writer), "
                "or save the file as .docx in Word or WPS"
            ),
        )
    with tempfile.TemporaryDirectory(prefix="normdocs-convert-") as outdir:
        try:
            proc = subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", outdir, str(path)],
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InvalidInput(
                _("{name}: LibreOffice could not convert it: {error}").format(name=name, error=exc),
                _("save the file as .docx in Word or WPS"),
            ) from exc
        converted = Path(outdir) / (path.stem + ".docx")
        if proc.returncode != 0 or not converted.is_file():
            detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()
            raise InvalidInput(
                _("{name}: LibreOffice could not convert it ({detail})").format(
                    name=name, detail=detail.splitlines()[-1] if detail else proc.returncode
                ),
                _("save the file as .docx in Word or WPS"),
            )
        return converted.read_bytes()
