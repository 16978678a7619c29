"""Other published forms of a real report, built from its hand-checked gold cells.

No real Word file and no badly flattened text of every kind is bundled, so the tests build them
from the 淮安 2024 report (corpora/tables/huaian-2024.*): the figures are its gold cells, the row
labels are the ones it prints. Nothing here invents a figure.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import yaml

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
COLUMNS = (
    "natural_person",
    "legal_commercial",
    "legal_research",
    "legal_nonprofit",
    "legal_law_firm",
    "legal_other",
    "total",
)
# The rows of 表三 as the 淮安 report prints them: (group label, row label, key).
TABLE3_ROWS = (
    (None, "一、本年新收政府信息公开申请数量", "apps.new_received"),
    (None, "二、上年结转政府信息公开申请数量", "apps.carried_over"),
    ("", "（一）予以公开", "apps.result.granted"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "apps.result.partial"),
    ("（三）不予公开", "1.属于国家秘密", "apps.result.withheld.state_secret"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", "apps.result.withheld.law_prohibited"),
    ("（三）不予公开", "3.危及“三安全一稳定”", "apps.result.withheld.security_stability"),
    ("（三）不予公开", "4.保护第三方合法权益", "apps.result.withheld.third_party"),
    ("（三）不予公开", "5.属于三类内部事务信息", "apps.result.withheld.internal_affairs"),
    ("（三）不予公开", "6.属于四类过程性信息", "apps.result.withheld.process_info"),
    ("（三）不予公开", "7.属于行政执法案卷", "apps.result.withheld.enforcement_file"),
    ("（三）不予公开", "8.属于行政查询事项", "apps.result.withheld.admin_query"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "apps.result.unable.not_held"),
    ("（四）无法提供", "2.没有现成信息需要另行制作", "apps.result.unable.needs_creation"),
    ("（四）无法提供", "3.补正后申请内容仍不明确", "apps.result.unable.unclear"),
    ("（五）不予处理", "1.信访举报投诉类申请", "apps.result.not_processed.petition"),
    ("（五）不予处理", "2.重复申请", "apps.result.not_processed.repeat"),
    ("（五）不予处理", "3.要求提供公开出版物", "apps.result.not_processed.publication"),
    ("（五）不予处理", "4.无正当理由大量反复申请", "apps.result.not_processed.excessive"),
    (
        "（五）不予处理",
        "5.要求行政机关确认或重新出具已获取信息",
        "apps.result.not_processed.confirm_reissue",
    ),
    (
        "（六）其他处理",
        "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "apps.result.other.no_correction",
    ),
    (
        "（六）其他处理",
        "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "apps.result.other.fee_unpaid",
    ),
    ("（六）其他处理", "3、其他", "apps.result.other.misc"),
    ("", "（七）总计", "apps.result.total"),
    (None, "四、结转下年度继续办理", "apps.carried_forward"),
)
HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
LEGAL = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TABLE4_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@cache
def gold(name: str) -> dict:
    path = next(CORPORA.glob(f"**/{name}.gold.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def cells(name: str, template: str) -> dict[str, float | int | str | None]:
    return dict(gold(name)["tables"][template]["cells"])


def written(value: float | int | str | None) -> str:
    return "" if value is None else str(value)


def table3_values(name: str = "huaian-2024") -> list[list[str]]:
    """The values of every 表三 row as written, row after row."""
    table = cells(name, "ogi.table3")
    return [[written(table[f"{key}.{c}"]) for c in COLUMNS] for _, _, key in TABLE3_ROWS]


def table3_lines(name: str = "huaian-2024") -> list[str]:
    """表三 as a PDF-to-text tool writes it when nothing goes wrong: one row per line."""
    return [
        f"{label} {' '.join(values)}"
        for (_, label, _), values in zip(TABLE3_ROWS, table3_values(name), strict=True)
    ]


def huaian_prose() -> list[str]:
    """The paragraphs of the 淮安 report before its tables, from its PDF text."""
    text = (CORPORA / "tables" / "huaian-2024.txt").read_text(encoding="utf-8")
    body = text[text.index("本报告由") : text.index("二、主动公开政府信息情况")]
    return [line for line in body.replace("\n", "").replace("。", "。\n").splitlines() if line]


@cache
def huaian_docx() -> bytes:
    """The 淮安 report as a Word file: its prose, then 表二, 表三 and 表四 with merged cells."""
    import docx

    document = docx.Document()
    document.add_paragraph("淮安市人民政府2024年政府信息公开工作年度报告")
    for line in huaian_prose():
        document.add_paragraph(line)
    document.add_paragraph("二、主动公开政府信息情况")
    _table2(document)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    _table3(document)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _table4(document)
    document.add_paragraph("五、存在的主要问题及改进情况")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _merged(table, top: int, left: int, bottom: int, right: int, text: str) -> None:
    cell = table.cell(top, left).merge(table.cell(bottom, right))
    cell.text = text


def _table2(document) -> None:
    table2 = cells("huaian-2024", "ogi.table2")
    blocks = [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
         [("规章", "proactive.regulations", ["issued", "abolished", "in_force"]),
          ("行政规范性文件", "proactive.normative_docs", ["issued", "abolished", "in_force"])]),
        ("第二十条第（五）项", ["本年处理决定数量"],
         [("行政许可", "proactive.admin_licensing", ["decisions"])]),
        ("第二十条第（六）项", ["本年处理决定数量"],
         [("行政处罚", "proactive.admin_penalty", ["decisions"]),
          ("行政强制", "proactive.admin_coercion", ["decisions"])]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"],
         [("行政事业性收费", "proactive.admin_fees", ["amount_wan_yuan"])]),
    ]  # fmt: skip
    rows = sum(2 + len(block[2]) for block in blocks)
    table = document.add_table(rows=rows, cols=4)
    row = 0
    for caption, heads, lines in blocks:
        _merged(table, row, 0, row, 3, caption)
        table.cell(row + 1, 0).text = "信息内容"
        if len(heads) == 1:
            _merged(table, row + 1, 1, row + 1, 3, heads[0])
        else:
            for number, head in enumerate(heads, 1):
                table.cell(row + 1, number).text = head
        row += 2
        for label, key, columns in lines:
            table.cell(row, 0).text = label
            values = [written(table2[f"{key}.{c}"]) for c in columns]
            if len(values) == 1:
                _merged(table, row, 1, row, 3, values[0])
            else:
                for number, value in enumerate(values, 1):
                    table.cell(row, number).text = value
            row += 1


def _table3(document) -> None:
    table = document.add_table(rows=3 + len(TABLE3_ROWS), cols=10)
    _merged(table, 0, 0, 2, 2, HEADER)
    _merged(table, 0, 3, 0, 9, "申请人情况")
    _merged(table, 1, 3, 2, 3, "自然人")
    _merged(table, 1, 4, 1, 8, "法人或其他组织")
    _merged(table, 1, 9, 2, 9, "总计")
    for number, label in enumerate(LEGAL, 4):
        table.cell(2, number).text = label
    first_result = 3 + 2
    _merged(table, first_result, 0, first_result + 21, 0, "三、本年度办理结果")
    groups: dict[str, list[int]] = {}
    for index, ((group, label, _), values) in enumerate(
        zip(TABLE3_ROWS, table3_values(), strict=True)
    ):
        row = 3 + index
        if group is None:
            _merged(table, row, 0, row, 2, label)
        elif group == "":
            _merged(table, row, 1, row, 2, label)
        else:
            groups.setdefault(group, []).append(row)
            table.cell(row, 2).text = label
        for number, value in enumerate(values, 3):
            table.cell(row, number).text = value
    for group, rows in groups.items():
        _merged(table, rows[0], 1, rows[-1], 1, group)


def _table4(document) -> None:
    values = list(cells("huaian-2024", "ogi.table4").values())
    table = document.add_table(rows=4, cols=15)
    _merged(table, 0, 0, 0, 4, "行政复议")
    _merged(table, 0, 5, 0, 14, "行政诉讼")
    for number, head in enumerate(TABLE4_HEAD):
        _merged(table, 1, number, 2, number, head)
    _merged(table, 1, 5, 1, 9, "未经复议直接起诉")
    _merged(table, 1, 10, 1, 14, "复议后起诉")
    for number, head in enumerate(TABLE4_HEAD * 2, 5):
        table.cell(2, number).text = head
    for number, value in enumerate(values):
        table.cell(3, number).text = written(value)
