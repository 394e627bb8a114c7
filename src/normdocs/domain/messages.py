"""Messages of the domain: an English template and its values, translated only at the edge.

The domain has no interface language (no process-wide setting, no gettext): a rule that refuses
or warns returns `_("English template").format(values)`, an immutable `Msg`. Whoever shows it
to a person renders it in the chosen language with `normdocs.i18n.render`; `str(msg)` is the
English text, so a message that reaches a log or a test unrendered still reads. The values may
be messages themselves (a translated stage name, a joined list): they are rendered with it.
`_` keeps its name so that `pybabel extract -k _` finds every template for the catalog.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Translate = Callable[[str], str]


def _as_is(template: str) -> str:
    return template


@dataclass(frozen=True, slots=True)
class Msg:
    """An English template and the values of its fields. `params` is None until `format` is
    called: like a string, an unformatted template is shown as it is (its braces untouched).
    `catalogued` is False for text built here (a joined list), never looked up in the catalog."""

    template: str
    params: tuple[tuple[str, object], ...] | None = None
    catalogued: bool = True

    def format(self, **params: object) -> "Msg":
        """This message with its fields filled; a value may be a `Msg` (rendered with it)."""
        if self.params:
            params = {**dict(self.params), **params}
        return Msg(self.template, tuple(params.items()), self.catalogued)

    def render(self, translate: Translate) -> str:
        """The text, with `translate` applied to this template and to every message inside.
        Other values keep their type for the template's format spec ({month:02d})."""
        text = translate(self.template) if self.catalogued else self.template
        if self.params is None:
            return text
        values = dict(self.params)
        for key, value in self.params:
            if isinstance(value, Msg):
                values[key] = value.render(translate)
        return text.format_map(values)

    def __str__(self) -> str:
        return self.render(_as_is)


Text = str | Msg
"""What a rule may give as a message: a `Msg`, or a plain string (a name, a value, a code)."""


def _(template: str) -> Msg:
    """Mark an English template as a message of the catalog (translated when rendered)."""
    return Msg(template)


def joined(separator: str, parts: Iterable[Text]) -> Msg:
    """`separator.join(parts)` for parts that may be messages: each is rendered in its turn."""
    values = tuple((f"p{index}", part) for index, part in enumerate(parts))
    template = separator.replace("{", "{{").replace("}", "}}").join(f"{{{k}}}" for k, _v in values)
    return Msg(template, values, catalogued=False)


def render_text(text: Text, translate: Translate) -> str:
    """A message or a plain string as text, translated by `translate`."""
    return text if isinstance(text, str) else text.render(translate)
