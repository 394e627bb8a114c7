"""Creating and upgrading the registry schema through the Alembic migrations shipped inside."""

from importlib.resources import files
from pathlib import Path

from sqlalchemy import Engine

from normdocs.domain.errors import RegistryUnusable
from normdocs.i18n import _


def migrations_dir() -> Path:
    """The migrations shipped in the package, or the repository's own in a source checkout."""
    packaged = Path(str(files("normdocs"))) / "migrations"
    if (packaged / "env.py").exists():
        return packaged
    source = Path(__file__).resolve().parents[3] / "migrations"
    if (source / "env.py").exists():
        return source
    raise RegistryUnusable(
        _("the schema migrations are missing from this installation"),
        _("reinstall normdocs"),
    )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the registry to `revision` in one transaction per migration step."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revision() -> str:
    """The newest revision in the migration scripts (used by tests and `init`)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
