"""Interface language: picks Chinese or English and translates messages through gettext.

The one process-wide language lives here, at the edge: the domain returns `Msg` values
(normdocs.domain.messages) and whoever shows one to a person calls `render`.
"""

import gettext
import os
from pathlib import Path

from normdocs.domain.messages import Text, render_text

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "normdocs"
SUPPORTED = ("zh", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
# LANGUAGE as the process had it, while Chinese is chosen (see _speak_to_click).
_language_env: tuple[str | None] | None = None


def resolve_language(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """--lang, then NORMDOCS_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG); English otherwise."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get("NORMDOCS_LANG")):
        if candidate:
            return "zh" if candidate.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str) -> None:
    """Switch every later message to `lang` ("zh" or "en")."""
    global _translation, _language
    _language = "zh" if lang.lower().startswith("zh") else "en"
    if _language == "zh":
        _translation = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=["zh_CN"], fallback=True
        )
    else:
        _translation = gettext.NullTranslations()
    _speak_to_click(_language)


def _speak_to_click(language: str) -> None:
    """Click and Typer say their own words (Usage:, Options, No such option…) through gettext's
    process-wide domain: in Chinese it is this catalog (which translates those words too), in
    English none, whatever the locale says."""
    global _language_env
    if language == "zh":
        gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
        gettext.textdomain(DOMAIN)
        if _language_env is None:
            _language_env = (os.environ.get("LANGUAGE"),)
        os.environ["LANGUAGE"] = "zh_CN"
    else:
        gettext.textdomain("messages")
        if _language_env is not None:  # LANGUAGE as it was before Chinese was chosen
            (before,), _language_env = _language_env, None
            if before is None:
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = before


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate a message into the current language."""
    return _translation.gettext(message)


def render(message: Text) -> str:
    """A domain message (or a plain string, shown as it is) in the current language."""
    return render_text(message, _translation.gettext)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
