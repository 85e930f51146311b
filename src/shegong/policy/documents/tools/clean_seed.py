"""Clean the policy seed texts and write each document's clauses.yaml.

One-off tool, not imported by the application. It needs the traditional -> simplified converter
``opencc-python-reimplemented`` (and PyYAML), which are NOT project dependencies; install them in a
throw-away virtual environment::

    python3 -m venv /tmp/policy-venv
    /tmp/policy-venv/bin/pip install opencc-python-reimplemented pyyaml
    /tmp/policy-venv/bin/python src/shegong/policy/documents/tools/clean_seed.py ../shared/seeds

What it does, per seed:
1. repairs the two mojibake spots of the web copies (``心理?yè)嵛?`` = 撫慰, ``總?cè)藬?shù)`` = 總人數);
2. removes the pinyin annotations the web copies put after characters (``現(xiàn)`` -> ``現``);
2b. drops the doubled commas of the Jinan copy (``,,`` ``,、``);
3. converts traditional to simplified characters (seeds 000 and 001 only);
4. cuts the web navigation, news article and advertising around the operative text;
5. applies the listed editorial corrections (each is recorded as a ``note`` on its clause);
6. splits the text into clauses numbered the way the document numbers them (and the way SPEC.md
   cites them): chapters ``一``, sections ``(十三)`` (Shenzhen) or ``三(二)``, items ``二(三)2``,
   ``一(1)`` and points (``一是``, ``二是``...) ``四(二)三``;
7. normalises punctuation to full-width Chinese punctuation.

The committed clauses.yaml files are the output; rerunning the tool reproduces them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from opencc import OpenCC

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent

NUMERALS = "一二三四五六七八九十"
PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+\)")
MOJIBAKE = {"?yè)嵛?": "撫慰", "?cè)藬?shù)": "人數(shù)"}
CHAPTER = re.compile(rf"^([{NUMERALS}]+)、(.+)$")
SECTION = re.compile(rf"^\(([{NUMERALS}]+)\)(.*)$")
PAREN_ITEM = re.compile(r"^\((\d+)\)(.*)$")
ITEM = re.compile(r"^(\d+)\.(.*)$")
POINT = re.compile(rf"(?:^|(?<=。))([{NUMERALS}])是")


@dataclass
class Seed:
    slug: str
    file: str
    traditional: bool
    body_start: str  # first words of the first operative paragraph (the preamble)
    body_end: str  # last words of the operative text
    notice: tuple[str, str, str] | None = None  # (heading, first words, last words)
    corrections: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    closing: dict[str, str] = field(default_factory=dict)  # paragraph start -> clause it closes
    continuous_sections: bool = False  # Shenzhen numbers (一)…(二十) across chapters


SEEDS = [
    Seed(
        slug="shenzhen-2020-measures",
        file="000_436689c014cb0fc4.txt",
        traditional=True,
        notice=(
            "深圳市人民政府办公厅关于印发深圳市提升社会工作服务水平若干措施的通知",
            "各区人民政府",
            "2020年10月30日",
        ),
        body_start="为深入学习贯彻",
        body_end="有效期5年。",
        continuous_sections=True,
    ),
    Seed(
        slug="jinan-2021-station-plan",
        file="001_f6e5bb05a30305e3.txt",
        traditional=True,
        body_start="为补齐基层治理能力短板",
        body_end="支持社会组织参与社会服务事项。",
        closing={"由街道(镇)政府工作人员直接提供": "三(五)"},
    ),
    Seed(
        slug="sanming-2013-talent-measures",
        file="003_476a03b1c7676eba.txt",
        traditional=False,
        body_start="为贯彻落实中央《关于加强社会工作专业人才队伍建设的意见》",
        body_end="“有困难、找社工”的良好社会氛围。",
        corrections=[
            ("我老秘网市", "我市", None, None),  # the forum's watermark inserted into the text
            (
                "取得助理社师会、社会工作师和高级工作师职业水平证书",
                "取得助理社师会、社会工作师和高级工作师职业水平证书",
                "二(三)1",
                "原文如此：“助理社师会”应为“助理社会工作师”，“高级工作师”应为“高级社会工作师”。",
            ),
        ],
    ),
    Seed(
        slug="huizhou-2021-double-hundred",
        file="004_13580f9110d377d1.txt",
        traditional=False,
        notice=(
            "关于印发《“惠州市兜底民生服务社会工作双百工程”实施方案》的通知",
            "惠民发〔2021〕29号",
            "2021年5月6日",
        ),
        body_start="为贯彻落实广东省民政厅、财政厅等5部门《关于实施“广东兜底民生服务社会工作双百工程”的通知》(粤民发〔2020〕142号)精神,组织实施",
        body_end="特色服务的宣传工作。",
        corrections=[
            ("全面\n覆盖", "全面覆盖", None, None),  # a line break inside a word
            (
                "二是进一步规范乡镇(街道)社会工作专业人才队伍发展各县(区)",
                "二是进一步规范乡镇(街道)社会工作专业人才队伍发展。各县(区)",
                "四(一)二",
                "原文小标题后缺句号，已补；本项前一段（“大力推动……亲自抓。”）原文未标“一是”，作为本节导语保留。",
            ),
            (
                "五是组织岗前培训岗前培训由市民政局统筹",
                "五是组织岗前培训。岗前培训由市民政局统筹",
                "五(二)五",
                "原文小标题后缺句号，已补。",
            ),
            (
                "(2021年7月1日至20226月30日)",
                "(2021年7月1日至2022年6月30日)",
                "五(三)",
                "原文误作“20226月30日”，据第四阶段起始日（2022年7月1日）更正为“2022年6月30日”。",
            ),
            (
                ")加强宣传引导。",
                "(四)加强宣传引导。",
                "六(四)",
                "原文缺序号“(四”，已补。",
            ),
        ],
    ),
]


def strip_noise(text: str, *, traditional: bool, converter: OpenCC) -> str:
    """Repair mojibake, drop pinyin annotations and convert to simplified characters."""
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
    text = PINYIN.sub("", text)
    text = re.sub(r",(?=[,、;。:!?])", "", text)  # the Jinan copy doubles commas: ",," ",、" ",。"
    if traditional:
        text = converter.convert(text)
    return text


def paragraphs(text: str) -> list[str]:
    """Split into non-empty paragraphs, with spaces inside Chinese text removed."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"[\u00a0\u3000\t]", " ", line.strip())
        line = re.sub(r" {2,}", "\n", line)  # signature blocks: several signers on one line
        line = line.replace(" ", "")
        for part in line.split("\n"):
            if part:
                out.append(part)
    return out


def punctuate(text: str) -> str:
    """Normalise to full-width Chinese punctuation."""
    for ascii_mark, chinese in {
        ",": "，",
        ":": "：",
        ";": "；",
        "(": "（",
        ")": "）",
        "?": "？",
        "!": "！",
    }.items():
        text = text.replace(ascii_mark, chinese)
    return text.replace("<", "〈").replace(">", "〉")


def split_heading(rest: str) -> tuple[str | None, str]:
    """Split ``明确任务。正文`` into a heading and the remaining text."""
    rest = rest.strip()
    if not rest:
        return None, ""
    head, sep, tail = rest.partition("。")
    if sep and len(head) <= 60 and not re.search(r"[,，;；]", head):
        return head, tail
    if not sep and len(rest) <= 60 and not re.search(r"[,，;；。]", rest):
        return rest, ""
    return None, rest


@dataclass
class Clause:
    id: str
    parent: str | None
    heading: str | None
    text: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    note: str | None = None
    children: int = 0


def parse(seed: Seed, body: list[str]) -> list[Clause]:
    """Turn the operative paragraphs into numbered clauses."""
    clauses: list[Clause] = []
    by_id: dict[str, Clause] = {}

    def add(clause_id: str, parent: str | None, heading: str | None) -> Clause:
        if clause_id in by_id:
            raise SystemExit(f"{seed.slug}: duplicate clause {clause_id}")
        clause = Clause(clause_id, parent, heading)
        clauses.append(clause)
        by_id[clause_id] = clause
        if parent:
            by_id[parent].children += 1
        return clause

    def add_text(target: Clause, text: str) -> None:
        """Add text to a clause, splitting off its points (一是, 二是...)."""
        pieces = POINT.split(text)
        lead = pieces[0]
        if lead:
            (target.closing if target.children else target.text).append(lead)
        for numeral, point_text in zip(pieces[1::2], pieces[2::2], strict=True):
            heading, rest = split_heading(point_text)
            point = add(target.id + numeral, target.id, heading)
            if rest:
                point.text.append(rest)

    chapter = section = item = None
    current = add("序言", None, None)
    for para in body:
        closes = next((cid for start, cid in seed.closing.items() if para.startswith(start)), None)
        if closes:
            by_id[closes].closing.append(para)
            continue
        if m := CHAPTER.match(para):
            chapter = add(m.group(1), None, m.group(2).rstrip("。"))
            section = item = None
            current = chapter
        elif m := SECTION.match(para):
            clause_id = f"({m.group(1)})" if seed.continuous_sections else f"{chapter.id}({m.group(1)})"
            heading, rest = split_heading(m.group(2))
            section = add(clause_id, chapter.id, heading)
            item = None
            current = section
            if rest:
                add_text(section, rest)
        elif (m := ITEM.match(para)) or (m := PAREN_ITEM.match(para)):
            parent = section or chapter
            number = m.group(1) if m.re is ITEM else f"({m.group(1)})"
            heading, rest = split_heading(m.group(2))
            item = add(parent.id + number, parent.id, heading)
            current = item
            if rest:
                add_text(item, rest)
        else:
            add_text(current, para)
    for clause in clauses:
        if clause.heading and not clause.text and not clause.children:
            # a one-sentence clause such as Shenzhen (二十): the sentence is its text, not a heading
            clause.text, clause.heading = [clause.heading + "。"], None
    return clauses


def clean(seed: Seed, seeds_dir: Path, converter: OpenCC) -> list[dict]:
    """Return the cleaned clauses of one seed as plain dictionaries."""
    text = strip_noise(
        (seeds_dir / seed.file).read_text(encoding="utf-8"), traditional=seed.traditional, converter=converter
    )
    notes: dict[str, str] = {}
    for old, new, clause_id, note in seed.corrections:
        if old not in text:
            raise SystemExit(f"{seed.slug}: correction target not found: {old!r}")
        text = text.replace(old, new)
        if clause_id:
            notes[clause_id] = note
    paras = paragraphs(text)

    def span(first: str, last: str) -> list[str]:
        start = next(i for i, p in enumerate(paras) if p.startswith(first))
        end = next(i for i, p in enumerate(paras) if i >= start and p.endswith(last))
        return paras[start : end + 1]

    result = []
    if seed.notice:
        heading, first, last = seed.notice
        result.append(
            {
                "id": "通知",
                "parent": None,
                "heading": heading,
                "text": "\n".join(punctuate(p) for p in span(first, last)),
            }
        )
    for clause in parse(seed, span(seed.body_start, seed.body_end)):
        row = {
            "id": clause.id,
            "parent": clause.parent,
            "heading": clause.heading and punctuate(clause.heading),
        }
        row["text"] = "\n".join(punctuate(p) for p in clause.text)
        if clause.closing:
            row["closing_text"] = "\n".join(punctuate(p) for p in clause.closing)
        if clause.id in notes:
            row["note"] = notes.pop(clause.id)
        result.append(row)
    if notes:
        raise SystemExit(f"{seed.slug}: notes for unknown clauses {sorted(notes)}")
    return result


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def main(seeds_dir: str) -> None:
    converter = OpenCC("t2s")
    for seed in SEEDS:
        clauses = clean(seed, Path(seeds_dir), converter)
        target = DOCUMENTS_DIR / seed.slug / "clauses.yaml"
        target.parent.mkdir(exist_ok=True)
        header = (
            f"# Clauses of {seed.slug}, cleaned from seed {seed.file} by documents/tools/clean_seed.py.\n"
            "# Generated: edit the tool (its corrections list), not this file.\n"
        )
        body = yaml.dump(
            {"clauses": clauses}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000
        )
        target.write_text(header + body, encoding="utf-8")
        print(f"{target}: {len(clauses)} clauses")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(DOCUMENTS_DIR.parents[4] / "shared" / "seeds"))
