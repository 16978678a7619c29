"""Where facts are: regular expressions assembled from named fragments and the lexicons.

Each pattern finds a span and names its parts with groups; :mod:`.resolve` turns the parts into
values. Patterns run over the normalised view (Simplified, half-width), so they list one form of
each word. They are compiled once, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from nlp_reports.profiles import lexicon

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_NUMERAL_CHAR = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
# A Chinese numeral must hold a digit or 十: lone 万/千/百 are words (千万, 百姓), not numbers.
CN_DIGIT_OR_TEN = "零〇○一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾"
# It starts where its run of numeral characters starts: a start inside the run would scan the rest
# of the run again, which on a long run (一 repeated) makes the overlapping scan quadratic.
CHINESE = (
    rf"(?<![{CN_NUMERAL_CHAR}])(?=[{CN_NUMERAL_CHAR}]*[{CN_DIGIT_OR_TEN}])[{CN_NUMERAL_CHAR}]+"
    r"(?:点[零〇一二三四五六七八九]+[万亿]?)?"
)
# Longer runs of digits or numeral characters are identifiers or garbage, not quantities: no report
# states an amount of more than 24 digits (万亿 has 13), and reading such a run would build numbers
# no float can hold. The extract stage skips them with a problem.
MAX_NUMERAL_DIGITS = 24
OVERLONG_NUMERAL = regex.compile(
    rf"(?<![\d,])\d(?:,?\d){{{MAX_NUMERAL_DIGITS},}}"
    rf"|(?<![{CN_NUMERAL_CHAR}])[{CN_NUMERAL_CHAR}]{{{MAX_NUMERAL_DIGITS + 1},}}"
)
MIXED = rf"(?:{ARABIC})(?:[万亿千百]+(?:\d+[千百十]?)?)?"
NUMBER = rf"(?:{MIXED}|{CHINESE})"

YEAR = r"(?:1[89]\d\d|20\d\d|[一二][〇零○0一二三四五六七八九]{3})"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
CN_ONE_TO_NINE = "[一二三四五六七八九]"
DAY = (
    rf"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十{CN_ONE_TO_NINE}?|十{CN_ONE_TO_NINE}?|{CN_ONE_TO_NINE})"
)
RANGE_SIGN = r"(?:至|到|—|–|-|~|～|－)"


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A group matching any of ``words``, longest first so 人次 wins over 人."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(word) for word in ordered) + ")"


@dataclass(frozen=True)
class Patterns:
    """Every compiled pattern of the extract stage."""

    masks: regex.Pattern[str]
    doc_number: regex.Pattern[str]
    period: regex.Pattern[str]
    date: regex.Pattern[str]
    relative_year: regex.Pattern[str]
    percentage: regex.Pattern[str]
    money: regex.Pattern[str]
    money_english: regex.Pattern[str]
    count: regex.Pattern[str]
    zero: regex.Pattern[str]
    vague: regex.Pattern[str]
    number: regex.Pattern[str]


def _each_part_leading(
    name: str, optional: tuple[str, ...], rest: str, rest_alone: tuple[str, ...]
) -> str:
    """``(?P<name>(?:a)?(?:b)?…rest)`` unrolled into one alternative per part that can lead.

    A pattern whose parts before ``rest`` are all optional could start anywhere, so the scanner
    tries it at every position of the text. Unrolled, each alternative begins with something
    required (the group name repeated, which ``regex`` allows), in the order in which the engine
    would have backtracked through the optional parts, so the same match is found at every start.
    ``rest_alone`` are the forms ``rest`` can take when nothing precedes it, each beginning with
    something required; between them they must match what ``rest`` matches.
    """
    led_by_a_part = [
        lead + "".join(f"(?:{part})?" for part in optional[index + 1 :]) + rest
        for index, lead in enumerate(optional)
    ]
    alternatives = [rf"(?P<{name}>{body})" for body in (*led_by_a_part, *rest_alone)]
    return "|".join(alternatives)


def _qualifiers(position: str) -> str:
    return _alternation([q.word for q in lexicon().qualifiers if q.position == position])


@cache
def patterns() -> Patterns:
    """The compiled patterns, built once from the lexicons."""
    lex = lexicon()
    before, inside, after = _qualifiers("before"), _qualifiers("inside"), _qualifiers("after")
    units = _alternation([u.word for u in lex.units if not u.arabic_only])
    arabic_units = _alternation([u.word for u in lex.units if u.arabic_only])
    currencies = _alternation([c.word for c in lex.currencies])
    multiplier = r"(?:万亿|千万|百万|亿|万|千)"

    fixed = _alternation(lex.fixed_expressions)
    # Each alternative stays linear when every start is tried (collect() scans with overlapping
    # matches): a run is entered only at its start (email, code, ratio, session), or what follows a
    # start is bounded (a URL of 1000 characters, an index number of 64, 20 parts of a code), so no
    # start rescans the rest of a long run. tests/test_regex_cost.py holds every pattern to this.
    masks = regex.compile(
        rf"""
        (?P<fixed>{fixed})
      | (?P<url>(?:https?|ftp)://[!-~]{{1,500}}
               |www\.[A-Za-z0-9.-]{{1,500}}(?:/[!-~]{{0,500}})?)
      | (?P<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{{1,64}}
                 @[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}}){{1,8}})
      | (?P<title>《[^《》\n]{{0,80}}》)
      | (?P<phone>(?<!\d)\(?0\d{{2,3}}\)?[-\s]\d{{7,8}}(?:-\d{{1,4}})?(?!\d)
                 |(?<!\d)1[3-9]\d{{9}}(?!\d))
      | (?P<postcode>(?:邮编|邮政编码)[:\s]*\d{{6}})
      | (?P<ip>\d{{1,3}}(?:\.\d{{1,3}}){{3}}(?::\d+)?)
      | (?P<time>(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d))
      | (?P<code>(?<![A-Za-z\d])(?=[A-Za-z\d])(?<![A-Za-z\d]-+)
                 (?=[A-Za-z\d-]*?[A-Za-z])(?=[A-Za-z\d-]*?\d)[A-Za-z\d][A-Za-z\d-]*
                 (?:[/\-—–][A-Za-z\d]+){{0,20}})
      | (?P<index>(?:索引号|索取号|文号|编号|证券代码|股票代码|代码)
                 \s*[:|]?\s*[A-Za-z0-9/\-—.]{{1,64}})
      | (?P<hotline>(?:电话|热线|传真|手机|联系方式|Tel|TEL|tel)\s*[:：]?\s*[\d()-]{{3,}}(?:-\d+)*)
      | (?P<ratio>(?<!\d)\d+(?:\.\d+)?(?:[∶:︰]\d+(?:\.\d+)?){{1,5}}(?![\d:]))
      | (?P<quoted>[“"‘'](?:\d[\d+.]*|[\d+]+)[”"’'])
      | (?P<named>[“"](?:19|20)\d\d\p{{Han}}[^”"\n]{{2,20}}[”"])
      | (?P<slogan>[“"][^”"\n\d%]{{0,10}}[一二三四五六七八九十两][^”"\n\d%]{{0,10}}[”"])
      | (?P<rank>前\d+[位名])
      | (?P<session>(?<![一二三四五六七八九十\d])[一二三四五六七八九十\d]+
                    次(?:会议|全会|全体会议|代表大会|党代会))
      | (?P<clock>(?<=上午|下午|晚上|凌晨|早上|中午|早|晚)\d{{1,2}}[时点](?:\d{{1,2}}分)?许?)
      | (?P<plan>[“"]?十[一二三四五六]五[”"]?)
      | (?P<ordinal>第\s*(?:\d+|[零〇一二两三四五六七八九十百千]+)(?!季))
      | (?P<address>\p{{Han}}{{1,10}}(?:路|街|道|巷|大道|大街)\d+(?:-\d+)?号(?:楼|院)?)
      | (?P<footer>^[ \t]*[-—–]+[ \t]*\d+[ \t]*[-—–]+[ \t]*$)
      | (?P<list>^[ \t]*(?:\d{{1,2}}|[(]\d{{1,2}}[)])[.、](?!\d))
      | (?P<label>数据\d)
        """,
        regex.VERBOSE | regex.MULTILINE,
    )
    doc_number = regex.compile(
        r"""
        (?P<issuer>\p{Han}{1,14}?)
        (?:[〔\[［【(](?P<year>\d{4})[〕\]］】)])
        第?(?P<serial>\d{1,5})号
      | (?P<issuer2>\p{Han}{1,8}令)第(?P<serial2>\d{1,5})号
        """,
        regex.VERBOSE,
    )
    year_word = rf"(?P<year>{YEAR})\s?年(?:度)?"
    date = regex.compile(
        rf"""
        (?P<iso>(?P<iy>(?:19|20)\d\d)[-./](?P<im>1[0-2]|0?[1-9])[-./](?P<id>3[01]|[12]\d|0?[1-9])(?!\d))
      | (?P<dmy>(?<![\d.])(?P<dd>3[01]|[12]\d|0?[1-9])\.(?P<dm>1[0-2]|0[1-9])
                \.(?P<dy>(?:19|20)\d\d)(?![\d.]))
      | (?P<masked>(?:19|20)[Xx×*]{{2}})年(?:度)?
      | {year_word}(?:(?P<month>{MONTH})月(?:份)?(?:(?P<day>{DAY})[日号])?|(?![底末初]))
      | (?<!\d)(?P<month2>{MONTH})月(?:份)?(?:(?P<day2>{DAY})[日号])?(?![份])
      | (?<=\b(?:in|since|from|by|until|of|between|and|to|In|Since|From|By)\s)
        (?P<english>(?:19|20)\d\d)\b
        """,
        regex.VERBOSE,
    )
    point_right = (
        rf"(?:(?P<ry2>{YEAR})\s?年(?:度)?)?(?:(?P<rm2>{MONTH})月(?:(?P<rd2>{DAY})?[日号])?)?"
    )
    range_start = (
        rf"(?P<ry1>{YEAR})\s?年(?:度)?",
        rf"(?P<rm1>{MONTH})月(?:(?P<rd1>{DAY})?[日号])?",
        "起",
        "[,]",
    )
    range_end = rf"\s*(?:(?P<now>今)|{point_right})"
    range_sign = (rf"(?<!\s)\s+{RANGE_SIGN}{range_end}", rf"(?<!\s){RANGE_SIGN}{range_end}")
    range_ = _each_part_leading(
        "range", range_start, rf"(?<!\s)\s*{RANGE_SIGN}{range_end}", range_sign
    )
    period = regex.compile(
        rf"""
        {range_}
      | (?P<months>(?:(?P<my>{YEAR})\s?年)?(?P<mm1>{MONTH}){RANGE_SIGN}(?P<mm2>{MONTH})月(?:份)?)
      | (?P<part>(?:(?P<py>{YEAR})\s?(?:年度?)?(?=年[底末初中])|(?P<py2>{YEAR})\s?年(?:度)?)?
            (?P<which>上半年|下半年|前三季度|前两季度|前[一二三四]个?季度|首[一二三四1-4]季度?
                     |第[一二三四1-4]季度?|[一二三四1-4]季度
                     |(?<![比较与同])(?:年底|年末|年初)(?!预算|计划|目标|数|水平)))
        """,
        regex.VERBOSE,
    )
    relative_year = regex.compile(
        r"(?<![比较同与至到和上于按])(?P<word>本年度|本年|今年|当年|去年|上年度|上年)"
        r"(?!同期|结转|末|同比|价格|价|度报告|报告|报|年报|的同期|新|制发|废止|收费|处理|增|减|项目)"
    )
    percentage = regex.compile(
        rf"""
        (?<![\d.])(?<!\d,)
        (?P<before>{before})?
        (?:
            (?P<num>{ARABIC})\s?(?P<sign>%|‰)
          | 百分之(?P<cnpct>{NUMBER})
          | 千分之(?P<cnpermille>{NUMBER})
          | (?P<tenths>[一二两三四五六七八九十])成(?![本员立为功果效绩交立长])
          | (?P<denominator>{NUMBER})分之(?P<numerator>{NUMBER})
          | (?P<ppnum>{NUMBER})个?百分点
        )
        (?:{RANGE_SIGN}(?P<upper>{ARABIC})\s?(?:%|‰))?
        (?P<after>{after})?
        """,
        regex.VERBOSE,
    )
    money_english = regex.compile(
        rf"""
        (?<![\w.])
        (?:(?P<prefix>RMB|US\$|\$|HK\$)\s?(?P<num>{ARABIC})\s?(?P<scale>billion|million|thousand)?
          | (?P<num2>{ARABIC})\s?(?P<scale2>billion|million|thousand)?
            \s?(?P<suffix>yuan|RMB|US\ dollars|dollars)
        )\b
        """,
        regex.VERBOSE,
    )
    money = regex.compile(
        rf"""
        (?<![\d.])(?<!\d,)
        (?P<before>{before})?
        (?P<num>{NUMBER})
        (?:{RANGE_SIGN}(?P<upper>{NUMBER}))?
        (?P<inside>{inside})?
        (?P<mult>{multiplier})?
        (?P<currency>{currencies})
        (?P<per>/(?:{units}|人|年|月|次|页))?
        (?P<after>{after})?
        """,
        regex.VERBOSE,
    )
    count = regex.compile(
        rf"""
        (?<![\d.])(?<!\d,)
        (?P<before>{before})?
        (?P<num>{NUMBER})
        (?:\s?{RANGE_SIGN}\s?(?P<upper>{NUMBER}))?
        (?P<inside>{inside})?
        (?P<mult>{multiplier})?
        (?:
            \s?(?P<unit>{units})
          | (?<=\d)\s?(?P<arabic_unit>{arabic_units})(?!钟)
        )
        (?P<after>{after})?
        """,
        regex.VERBOSE,
    )
    vague = regex.compile(
        rf"""
        (?<![零〇○一二两三四五六七八九十百千万亿\d])
        (?P<vague>[二三四五六七八九]?十几|几十|数十|几百|数百|几千|数千|几万|数万
                 |十余|百余|千余|万余|上百|上千|上万|近百|近千|近万)
        (?P<mult>万|亿)?
        (?P<unit>{units})
        """,
        regex.VERBOSE,
    )
    zero = regex.compile(
        r"(?P<neg>未发生|没有发生|未出现|未接到|尚未收到|未收到|未收取|没有收取|未产生|没有|无)"
    )
    number = regex.compile(
        rf"(?<![\d.])(?<!\d,)(?:(?<=^|[\s|(:])(?P<sign>[+\-]))?(?P<num>{ARABIC})(?P<mult>万亿|亿|万)?(?![\d.])",
        regex.MULTILINE,
    )
    return Patterns(
        masks=masks,
        doc_number=doc_number,
        period=period,
        date=date,
        relative_year=relative_year,
        percentage=percentage,
        money=money,
        money_english=money_english,
        count=count,
        zero=zero,
        vague=vague,
        number=number,
    )
