"""The jurisdiction profile: shown as in effect, its numbers used by the procedure."""

import json
import tomllib

import pytest

pytestmark = pytest.mark.slow


def test_profile_show_prints_defaults_as_toml(normdocs):
    shown = tomllib.loads(normdocs("profile", "show").out)
    assert shown["review"]["min_working_days"] == 5
    assert shown["filing"]["deadline_days"] == 30
    assert shown["numbering"]["registration_template"] == "{prefix}〔{year}〕{seq:03d}"
    assert (
        json.loads(normdocs("profile", "show", "--format", "json").out)["validity"]["interim_years"]
        == 2
    )


def test_a_local_profile_changes_deadlines_numbers_and_calendar(normdocs, tmp_path):
    profile = tmp_path / "yuanbaoshan.toml"
    profile.write_text(
        'name = "元宝山区"\n'
        '[filing]\ndeadline_days = 3\ndeadline_unit = "working"\n'
        '[numbering]\nregistration_template = "元宝山{year}-{seq:04d}"\n'
        "[calendar.years.2027]\nholidays = [2027-01-01, 2027-01-04]\nworkdays = []\n",
        encoding="utf-8",
    )
    # Steps are recorded once they happened: today is after the last of them.
    env = {"NORMDOCS_PROFILE": str(profile), "NORMDOCS_TODAY": "2027-01-05"}
    assert tomllib.loads(normdocs("profile", "show", env=env).out)["name"] == "元宝山区"
    normdocs("init", env=env)
    normdocs(
        "agency",
        "add",
        "元宝山区人民政府",
        "--code",
        "元政发",
        "--level",
        "government",
        "--head",
        "王区长",
        env=env,
    )
    text = tmp_path / "draft.txt"  # review submit needs a text to review
    text.write_text("第一条 为做好某事项，制定本通知。\n", encoding="utf-8")
    normdocs(
        "doc", "new", "关于某事项的通知", "--issuer", "元宝山区人民政府", "--file", str(text),
        env=env,
    )  # fmt: skip
    for args in (
        ("review", "submit", "1", "--date", "2026-12-21"),
        (
            "review",
            "decide",
            "1",
            "--outcome",
            "lawful",
            "--opinion",
            "合法",
            "--date",
            "2026-12-28",
        ),
        (
            "meeting",
            "record",
            "1",
            "--type",
            "plenary",
            "--session",
            "第1次全体会议",
            "--outcome",
            "approved",
            "--date",
            "2026-12-29",
        ),
        ("sign", "1", "--signer", "王区长", "--date", "2026-12-30"),
    ):
        normdocs(*args, env=env)
    published = normdocs(
        "publish",
        "1",
        "--number",
        "元政发〔2026〕9号",
        "--date",
        "2026-12-31",
        "--format",
        "json",
        env=env,
    )
    shown = json.loads(published.out)
    assert shown["registration_no"] == "元宝山2026-0001"
    # 3 working days after 2026-12-31: 2027-01-01 (New Year) and 01-04 (profile holiday) skipped.
    assert shown["filing_due_on"] == "2027-01-07"
    assert "outside the holiday calendar" not in published.err  # 2027 is known from the profile


def test_a_year_unknown_to_every_calendar_warns(normdocs, tmp_path):
    normdocs("init")
    normdocs(
        "agency",
        "add",
        "元宝山区人民政府",
        "--code",
        "元政发",
        "--level",
        "government",
        "--head",
        "王区长",
    )
    text = tmp_path / "draft.txt"  # review submit needs a text to review
    text.write_text("第一条 为做好某事项，制定本通知。\n", encoding="utf-8")
    normdocs("doc", "new", "关于某事项的通知", "--issuer", "元宝山区人民政府", "--file", str(text))
    later = {"NORMDOCS_TODAY": "2027-06-01"}  # steps are recorded once they happened
    normdocs("review", "submit", "1", "--date", "2027-03-01", env=later)
    decided = normdocs(
        "review", "decide", "1", "--outcome", "lawful", "--opinion", "合法", "--date", "2027-03-08",
        env=later,
    )  # fmt: skip
    assert "2027" in decided.err and "Monday to Friday" in decided.err


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("[review]\nmin_working_days = -1\n", "review.min_working_days"),
        ("[filing]\ndeadline_dayz = 3\n", "filing.deadline_dayz"),
        ('[numbering]\nregistration_template = "{prefix}"\n', "must contain {seq}"),
        ("this is = = not toml", "not valid TOML"),
    ],
)
def test_a_bad_profile_is_refused_with_the_key(normdocs, tmp_path, content, phrase):
    profile = tmp_path / "bad.toml"
    profile.write_text(content, encoding="utf-8")
    result = normdocs("--profile", str(profile), "profile", "show", expect=1)
    assert phrase in result.err
    assert result.out == ""
