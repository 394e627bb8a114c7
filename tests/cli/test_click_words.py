"""In Chinese, the words Click prints through gettext (help headings, an unknown command) are
Chinese too; in English they stay English whatever the locale says. (Typer's own copy of Click
writes some words without gettext — Usage:, Error:, No such option — and they stay English.)"""

import pytest

from console import console

pytestmark = pytest.mark.slow


def test_help_headings_and_unknown_commands_follow_the_interface_language(tmp_path):
    normdocs = console(tmp_path, tmp_path / "registry.db")
    chinese = {"NORMDOCS_LANG": "zh"}
    helped = normdocs("review", "--help", env=chinese)
    assert "选项" in helped.out and "命令" in helped.out
    assert "Options" not in helped.out and "Commands" not in helped.out
    unknown = normdocs("nosuch", env=chinese, expect=2)
    assert "没有名为 'nosuch' 的命令" in unknown.err
    english = normdocs("review", "--help", env={"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"})
    assert "Options" in english.out and "选项" not in english.out
