"""`normdocs demo`: a registry of real sample documents, taken through every stage."""

from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

from normdocs.domain.errors import InvalidInput
from normdocs.domain.stages import Action
from normdocs.domain.workflow import Step
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.procedure import advance

# (name, level, 机关代字, parent, principal head) — heads are placeholders, not real people.
AGENCIES: list[tuple[str, str, str, str | None, str]] = [
    ("广东省人民政府", "government", "粤府", None, "省长甲"),
    ("广州市人民政府", "government", "穗府", "广东省人民政府", "市长乙"),
    ("清远市人民政府", "government", "清府", "广东省人民政府", "市长丙"),
    ("五华县人民政府", "government", "华府", "广东省人民政府", "县长丁"),
    ("湖南省人民政府", "government", "湘政", None, "省长戊"),
    ("辰溪县人民政府办公室", "government", "辰政办发", "湖南省人民政府", "主任己"),
    ("河北省人民政府", "government", "冀政", None, "省长庚"),
    ("石家庄市人民政府", "government", "石政", "河北省人民政府", "市长辛"),
    ("四川省人民政府", "government", "川府", None, "省长壬"),
    ("资阳市人民政府", "government", "资府", "四川省人民政府", "市长癸"),
    ("资阳市农业农村局", "department", "资农", "资阳市人民政府", "局长子"),
    ("广安市广安区人民政府办公室", "government", "广安区府办发", "四川省人民政府", "主任丑"),
    ("宣威市人民政府", "government", "宣政", None, "市长寅"),
    ("河曲县人民政府", "government", "河政", None, "县长卯"),
    ("息县人民政府", "government", "息政", None, "县长辰"),
    ("雷山县人民政府", "government", "雷府", None, "县长巳"),
    ("太和县人民政府", "government", "太政", None, "县长午"),
]

# (sample file, title, issuer, 文号 at promulgation, first date, stage to reach)
DOCUMENTS: list[tuple[str, str, str, str | None, date, str]] = [
    (
        "A11-guangzhou-2023-huoqin-xiushi.txt",
        "广州市人民政府关于活禽经营市场每月休市时间的通告",
        "广州市人民政府",
        "穗府规〔2023〕5号",
        date(2023, 3, 1),
        "filing_accepted",
    ),
    (
        "A01-chenxi-2014-dibao.txt",
        "辰溪县人民政府办公室关于调整我县城乡居民最低生活保障标准的通知",
        "辰溪县人民政府办公室",
        "辰政办发[2014]6号",
        date(2014, 1, 13),
        "filed",
    ),
    (
        "A12-qingyuan-2021-huoqin.txt",
        "清远市人民政府关于继续在清城清新主城区全面开展家禽“集中屠宰、冷链配送、生鲜上市”工作的通告",
        "清远市人民政府",
        "清府函（2021）124号",
        date(2021, 3, 15),
        "promulgated",
    ),
    (
        "A02-shijiazhuang-2019-fireworks.txt",
        "石家庄市人民政府关于禁止燃放烟花爆竹的通告",
        "石家庄市人民政府",
        "石政〔2019〕第012号",
        date(2019, 11, 4),
        "filing_deferred",
    ),
    (
        "A03-wuhua-2022-fireworks.txt",
        "五华县人民政府关于烟花爆竹禁燃禁放的通告（试行）",
        "五华县人民政府",
        "华府〔2022〕31号",
        date(2022, 11, 1),
        "correction_required",
    ),
    (
        "A09-ziyang-2020-huoqin-joint.txt",
        "资阳市农业农村局关于暂停全市活禽活畜交易和宰杀的通告",
        "资阳市农业农村局",
        None,
        date(2026, 10, 12),
        "signed",
    ),
    (
        "A04-guanganqu-2020-jingxihua.txt",
        "广安市广安区人民政府办公室关于印发广安市广安区城市精细化管理实施细则的通知",
        "广安市广安区人民政府办公室",
        None,
        date(2026, 10, 19),
        "approved",
    ),
    (
        "A05-xuanwei-2017-jinranqu.txt",
        "宣威市人民政府关于划定高污染燃料禁燃区的通告",
        "宣威市人民政府",
        None,
        date(2026, 10, 26),
        "reviewed",
    ),
    (
        "A06-hequ-2017-jinranqu.txt",
        "河曲县人民政府关于划定河曲县高污染燃料禁燃区的通告",
        "河曲县人民政府",
        None,
        date(2026, 11, 2),
        "revision_required",
    ),
    (
        "A07-xixian-2019-ranmei.txt",
        "息县人民政府关于在县城禁燃区内禁止销售、使用燃煤的通告",
        "息县人民政府",
        None,
        date(2026, 11, 16),
        "under_review",
    ),
    (
        "A10-leishan-2020-huoqin.txt",
        "雷山县人民政府关于暂时关闭活禽交易市场的通告",
        "雷山县人民政府",
        None,
        date(2026, 11, 20),
        "drafting",
    ),
    (
        "A08-taihe-2016-jinyu.txt",
        "太和县2016年禁渔公告",
        "太和县人民政府",
        "太政〔2016〕3号",
        date(2016, 1, 4),
        "revoked",
    ),
]


def samples_dir() -> Path:
    """Sample documents shipped in the package, or the repository's own in a checkout."""
    packaged = Path(str(files("normdocs"))) / "samples"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "samples"


def build_demo(ctx: AppContext, *, replace: bool = False) -> dict[str, Any]:
    """Create a fresh registry at ctx.db and take each sample document to its stage."""
    from normdocs.services.agencies import add_agency
    from normdocs.services.documents import new_document
    from normdocs.services.registry import init_registry, verify_record

    path = Path(ctx.db)
    if "://" in ctx.db:
        raise InvalidInput(_("the demo builds an SQLite file; give --db PATH"), None)
    if path.exists():
        if not (replace or path.name == "normdocs-demo.db"):
            raise InvalidInput(
                _("{path} already exists").format(path=path),
                _("give another --db, or --yes to replace it"),
            )
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    init_registry(ctx)
    for name, level, code, parent, head in AGENCIES:
        add_agency(ctx, name=name, code=code, level=level, parent=parent, head=head)
    agencies = {name: (level, head) for name, level, _code, _parent, head in AGENCIES}
    documents_dir = samples_dir() / "documents"
    for sample, title, issuer, number, start, target in DOCUMENTS:
        view = new_document(ctx, title=title, issuer=issuer, file=documents_dir / sample)
        level, head = agencies[issuer]
        for step in demo_steps(level, head, number, start, target):
            advance(ctx, str(view["id"]), step)
    report = verify_record(ctx)
    return {"db": ctx.db, "docs": len(DOCUMENTS), "events": report.count}


def demo_steps(level: str, head: str, number: str | None, start: date, target: str) -> list[Step]:
    """The steps that take a fresh draft to `target`, dated from `start`."""

    def at(days: int) -> date:
        return start + timedelta(days=days)

    meeting = (
        ("leadership", "第8次局务会议")
        if level == "department"
        else ("executive", "第12次常务会议")
    )
    chain: list[tuple[str, Step]] = [
        ("under_review", Step(Action.SUBMIT_REVIEW, at(0))),
        (
            "revision_required",
            Step(
                Action.DECIDE_REVIEW,
                at(9),
                outcome="revise",
                opinion="第五条设定罚款缺乏法律依据，应当删除",
                reviewer="司法局合法性审核科",
            ),
        ),
        ("reviewed", Step(Action.RECORD_REVISION, at(10), note="已删除第五条罚款规定")),
        (
            "approved",
            Step(
                Action.RECORD_MEETING,
                at(14),
                meeting_type=meeting[0],
                session=meeting[1],
                outcome="approved",
            ),
        ),
        ("signed", Step(Action.SIGN, at(16), signer=head)),
        ("promulgated", Step(Action.PUBLISH, at(18), doc_number=number)),
        ("filed", Step(Action.FILE, at(30), materials="complete")),
    ]
    if target == "drafting":
        return []
    if target == "reviewed":
        return [
            chain[0][1],
            Step(
                Action.DECIDE_REVIEW,
                at(9),
                outcome="lawful",
                opinion="经审核，未发现违法内容",
                reviewer="司法局",
            ),
        ]
    steps: list[Step] = []
    for stage, step in chain:
        steps.append(step)
        if stage == target:
            return steps
    outcome = {
        "filing_accepted": "accepted",
        "filing_deferred": "deferred",
        "correction_required": "correction",
        "revoked": "revoked",
    }[target]
    steps.append(Step(Action.DECIDE_FILING, at(45), outcome=outcome, note="示例"))
    return steps
