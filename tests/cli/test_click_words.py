"""In Chinese, the words Click prints (help headings, an unknown command) and the usage errors
Typer's own copy of Click words in English (Usage:, Error:, No such option, a missing argument)
are Chinese too, with the same exit code 2; in English they stay English whatever the locale
says."""

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


CHINESE_USAGE = [
    (
        ("doc", "show", "--bogus"),
        "用法：normdocs doc show [OPTIONS] {ref}\n可运行“normdocs doc show -h”查看帮助。\n\n"
        "错误：没有 --bogus 这个选项\n",
    ),
    (("doc", "show"), "错误：缺少参数 'ref'。\n"),
    (("doc", "show", "1", "2"), "错误：多出了参数：2\n"),
    (("doc", "list", "--format"), "错误：选项 --format 后面需要一个取值。\n"),
    (("doc", "shw"), "错误：没有名为 'shw' 的命令。是否想用 'show'？\n"),
    (("doc", "show", "--hel"), "错误：没有 --hel 这个选项（是否想用：--help）\n"),
]


@pytest.mark.parametrize(("args", "said"), CHINESE_USAGE)
def test_usage_errors_are_said_in_chinese_with_exit_2(tmp_path, args, said):
    normdocs = console(tmp_path, tmp_path / "registry.db")
    normdocs("init")
    refused = normdocs(*args, env={"NORMDOCS_LANG": "zh"}, expect=2)
    assert refused.err.endswith(said), refused.err
    assert "Error" not in refused.err and "Usage" not in refused.err
    assert refused.out == ""


def test_usage_errors_stay_english_in_english(tmp_path):
    normdocs = console(tmp_path, tmp_path / "registry.db")
    refused = normdocs("doc", "show", "--bogus", env={"NORMDOCS_LANG": "en"}, expect=2)
    assert refused.err == (
        "Usage: normdocs doc show [OPTIONS] {ref}\nTry 'normdocs doc show -h' for help.\n\n"
        "Error: No such option: --bogus\n"
    )
