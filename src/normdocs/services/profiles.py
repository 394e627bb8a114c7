"""The jurisdiction profile in effect, with its defaults filled in, as text to read or to keep."""

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normdocs.services.context import AppContext


class ProfileFormat(StrEnum):
    TOML = "toml"  # the file format: what `--profile FILE` reads back
    JSON = "json"


def show_profile(ctx: "AppContext", fmt: ProfileFormat = ProfileFormat.TOML) -> str:
    """The profile `ctx` runs under (its --profile file, or the defaults) written out in `fmt`."""
    profile = ctx.profile
    if fmt == ProfileFormat.JSON:
        return profile.model_dump_json(indent=2) + "\n"
    from normdocs.domain.profile import profile_to_toml

    return profile_to_toml(profile)
