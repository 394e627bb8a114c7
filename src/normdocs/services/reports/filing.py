"""备案材料: the filing package of a promulgated document, as four official .docx in a folder
or one .zip."""

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normdocs.domain.errors import InvalidInput, Refused
from normdocs.domain.json import JSONObject
from normdocs.i18n import _
from normdocs.reports.model import Heading, Paragraph, Report, official_date, placeholder
from normdocs.services.context import AppContext
from normdocs.services.reports.common import MEETING_LABELS, REVIEW_LABELS, NothingToReport
from normdocs.services.reports.opinion import opinion_blocks
from normdocs.services.reports.output import Written, read, writer

if TYPE_CHECKING:  # the store's modules import SQLAlchemy
    from normdocs.store.reports import ReportEventRow
    from normdocs.store.rows import DocumentRow

FILING_PARTS = (
    "01-备案报告.docx",
    "02-正式文本.docx",
    "03-合法性审核意见书.docx",
    "04-制定说明.docx",
)


def _steps(events: "list[ReportEventRow]") -> dict[str, JSONObject]:
    """The latest event of each procedure step: its details, day and event id."""
    found: dict[str, JSONObject] = {}
    for e in events:
        details = json.loads(e["details"] or "{}")
        if e["action"] == "meeting.record" and details.get("outcome") != "approved":
            continue
        found[e["action"]] = {**details, "on_date": e["on_date"], "id": e["id"]}
    return found


def filing_package(ref: str, as_of: date) -> Callable[[Any], list[tuple[str, Report]]]:
    """The builder of the filing package (备案材料) of a promulgated document: the 备案报告, the
    official text, the 合法性审核意见书 and the 制定说明, each an official .docx."""

    def build(session: Any) -> list[tuple[str, Report]]:
        from normdocs.services.documents import resolve_document
        from normdocs.store.queries import text_of
        from normdocs.store.reports import basis_citations, events_of

        doc = resolve_document(session, ref)
        if doc["promulgated_on"] is None or doc["promulgated_on"] > as_of:
            raise Refused(
                _(
                    "document {id} is not promulgated (stage {stage}): a filing package is made "
                    "for a promulgated document"
                ).format(id=doc["id"], stage=_(doc["stage"])),
                _("record its promulgation first: normdocs publish {id} --number 文号").format(
                    id=doc["id"]
                ),
                rule="filing-needs-promulgation",
            )
        steps = _steps(events_of(session, [doc["id"]], _STEP_ACTIONS, as_of).get(doc["id"], []))
        procedure = _procedure(steps)
        text = text_of(session, doc["id"])
        try:
            blocks, _data = opinion_blocks(session, doc, as_of)
        except NothingToReport:
            blocks = [Paragraph(placeholder("合法性审核意见书（登记库中无审核记录，请附原件）"))]
        parts = (
            _filing_report(doc, _authority(session, doc), procedure, as_of),
            _official_text(doc, text["text"] if text else None, as_of),
            Report(kind="opinion", title="合法性审核意见书", as_of=as_of, blocks=tuple(blocks)),
            _explanation(doc, basis_citations(session, doc["id"]), procedure, as_of),
        )
        return list(zip(FILING_PARTS, parts, strict=True))

    return build


# The steps whose records the filing report and the 制定说明 recount.
_STEP_ACTIONS = (
    "review.submit",
    "review.decide",
    "review.revise",
    "meeting.record",
    "sign",
    "publish",
    "document.import",
)


def _authority(session: Any, doc: "DocumentRow") -> str:
    """备案审查机关: the one the filing was made to (file --to, recorded), else the issuer's, else
    its parent's legal office (DESIGN §1)."""
    from normdocs.store.queries import agency_by_id

    if doc["filing_authority"]:
        return doc["filing_authority"]
    agency = agency_by_id(session, doc["issuer_id"])
    parent = agency_by_id(session, agency["parent_id"]) if agency and agency["parent_id"] else None
    return (
        (agency and agency["files_to"])
        or (parent and parent["legal_office"])
        or placeholder("备案审查机关")
    )


def _procedure(steps: dict[str, JSONObject]) -> str:
    """How the document was made, as the filing report and the 制定说明 recount it."""
    review = steps.get("review.decide")
    meeting = steps.get("meeting.record")
    sign = steps.get("sign")
    sentences = []
    if review:
        adopted = "review.revise" in steps and steps["review.revise"].get("adopted", True)
        sentences.append(
            f"文件起草后，于{official_date(steps.get('review.submit', {}).get('on_date'))}"
            f"送{review.get('reviewer') or '法制机构'}进行合法性审核，"
            f"{official_date(review['on_date'])}审核完毕，审核结论为"
            f"“{REVIEW_LABELS.get(str(review.get('outcome')), '')}”"
            + ("，已按审核意见修改" if adopted else "")
            + "。"
        )
    else:
        sentences.append(placeholder("合法性审核情况（登记库中无审核记录）"))
    if meeting:
        session_name = str(meeting.get("session") or "")
        kind = MEETING_LABELS.get(str(meeting.get("meeting_type")), "")
        # 第12次常务会议 names its kind already.
        named = session_name if kind and kind in session_name else f"{session_name}（{kind}）"
        sentences.append(f"{official_date(meeting['on_date'])}经{named}审议通过。")
    else:
        sentences.append(placeholder("集体审议情况"))
    if sign:
        sentences.append(f"{official_date(sign['on_date'])}由{sign.get('signer')}签发。")
    return "".join(sentences)


def _filing_report(doc: "DocumentRow", authority: str, procedure: str, as_of: date) -> Report:
    """01 备案报告: to the filing authority, what is filed and how it was made."""
    name = f"《{doc['title']}》"
    number = doc["doc_number"] or placeholder("文号")
    effective = doc["effective_on"] or doc["promulgated_on"]
    validity = f"，有效期至{official_date(doc['expires_on'])}" if doc["expires_on"] else ""
    enclosures = [f"1. {name}正式文本", "2. 合法性审核意见书", "3. 制定说明"]
    return Report(
        kind="filing",
        title=f"{doc['issuer']}关于报送{name}备案的报告",
        as_of=as_of,
        blocks=(
            Paragraph(f"{authority}：", align="left"),
            Paragraph(
                f"{name}（{number}）已于{official_date(doc['promulgated_on'])}公布，自"
                f"{official_date(effective)}起施行{validity}。根据行政规范性文件备案审查的有关"
                f"规定，现报送备案，请予审查。"
            ),
            Paragraph(procedure),
            Paragraph("附件：" + "；".join(enclosures), align="left"),
            Paragraph(doc["issuer"], align="right"),
            Paragraph(official_date(as_of), align="right"),
            Paragraph(f"（联系人：{placeholder('联系人及电话')}）", align="left"),
        ),
        data={"report": "filing", "document_id": doc["id"]},
    )


def _official_text(doc: "DocumentRow", text: str | None, as_of: date) -> Report:
    """02 正式文本: the registry's text, its title line left to the heading."""
    if text:
        body = [
            Paragraph(line.strip())
            for line in text.splitlines()
            if line.strip() and line.strip() != doc["title"]
        ]
    else:
        body = [Paragraph(placeholder("正式文本：登记库中没有该文件的全文"))]
    return Report(
        kind="text",
        title=doc["title"],
        subtitle=doc["doc_number"] or placeholder("文号"),
        as_of=as_of,
        blocks=(
            *body,
            Paragraph(doc["issuer"], align="right"),
            Paragraph(official_date(doc["promulgated_on"]), align="right"),
        ),
    )


def _explanation(doc: "DocumentRow", bases: list[str], procedure: str, as_of: date) -> Report:
    """04 制定说明: its outline, with the recorded 制定依据 and the procedure filled in."""
    name = f"《{doc['title']}》"
    return Report(
        kind="explanation",
        title=f"关于{name}的制定说明",
        as_of=as_of,
        blocks=(
            Heading("一、制定背景和必要性"),
            Paragraph(placeholder("制定背景和必要性")),
            Heading("二、制定依据"),
            Paragraph(
                ("本文件的制定依据为：" + "、".join(bases) + "。")
                if bases
                else placeholder("制定依据（登记库中未记录上位法依据）")
            ),
            Heading("三、起草和审核审议过程"),
            Paragraph(procedure),
            Heading("四、主要内容"),
            Paragraph(placeholder("主要内容")),
            Heading("五、需要说明的其他问题"),
            Paragraph(placeholder("需要说明的其他问题")),
            Paragraph(doc["issuer"], align="right"),
            Paragraph(official_date(as_of), align="right"),
        ),
    )


def save_filing(
    ctx: AppContext, ref: str, output: Path, *, as_of: date, force: bool = False
) -> Written:
    """Write the filing package as one .zip, or as the four .docx in a folder (made whole in a
    temporary folder beside it and renamed, when it does not exist yet)."""
    build = filing_package(ref, as_of)
    if output.suffix.lower() == ".zip":
        return _save_zip(ctx, build, output, as_of, force)
    if output.exists() and not output.is_dir():
        raise InvalidInput(
            _("-o {path} is a file: the filing package is a folder or a .zip").format(path=output),
            _("give a folder (new or existing), or a name ending in .zip"),
        )
    if not output.parent.is_dir():
        raise InvalidInput(
            _("-o {path}: the folder {folder} does not exist").format(
                path=output, folder=output.parent
            ),
            _("create the folder first or choose another file"),
        )
    if output.is_dir():
        return _save_into_folder(ctx, build, output, force)
    return _save_new_folder(ctx, build, output)


Parts = Callable[[Any], list[tuple[str, Report]]]


def _save_zip(ctx: AppContext, build: Parts, output: Path, as_of: date, force: bool) -> Written:
    from normdocs.reports.official import to_docx
    from normdocs.reports.package import make_zip
    from normdocs.services.outputs import OutputFile

    with OutputFile(output, registry=ctx.db, inputs=ctx.inputs(), force=force) as out:
        parts = read(ctx, build)
        out.write(writer(make_zip([(name, to_docx(report)) for name, report in parts], as_of)))
    return Written(output, "zip", len(parts), list(ctx.warnings))


def _save_into_folder(ctx: AppContext, build: Parts, output: Path, force: bool) -> Written:
    """Into an existing folder: every part is checked before anything is read or written."""
    from normdocs.reports.official import to_docx
    from normdocs.services.outputs import OutputFile

    outs = [
        OutputFile(output / name, registry=ctx.db, inputs=ctx.inputs(), force=force)
        for name in FILING_PARTS
    ]
    try:
        parts = read(ctx, build)
        for out, (_name, report) in zip(outs, parts, strict=True):
            out.stage(writer(to_docx(report)))
        for out in outs:
            out.publish()
    finally:
        for out in outs:
            out.discard()
    return Written(output, "folder", len(parts), list(ctx.warnings))


def _save_new_folder(ctx: AppContext, build: Parts, output: Path) -> Written:
    """A new folder, made whole beside its place and renamed: never half a package."""
    import os
    import shutil
    import tempfile

    from normdocs.reports.official import to_docx
    from normdocs.services.outputs import OutputFile, OutputNotWritten, failure_hint

    parts = read(ctx, build)
    temporary: Path | None = None
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
        for name, report in parts:
            OutputFile(temporary / name, registry=ctx.db).write(writer(to_docx(report)))
        os.chmod(temporary, 0o777 & ~_umask())
        os.rename(temporary, output)
    except OSError as exc:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise OutputNotWritten(
            _("cannot write {path}: {error}").format(path=output, error=exc.strerror or exc),
            failure_hint(exc, "-o"),
        ) from exc
    return Written(output, "folder", len(parts), list(ctx.warnings))


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
