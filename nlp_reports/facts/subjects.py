"""What a number measures: the noun phrase next to it, in Simplified script.

A number with a measure word that modifies a noun (294个网站, 58.83万人次的咨询) measures that noun,
or that noun narrowed by the predicate after it (1个项目已完工 → 已完工项目). Otherwise it measures
the phrase just before it in its clause (即办件24633件, 受理政府信息公开申请4宗), cut at linking
words, scope, time and actors (省政府及其部门受理…申请 → 受理…申请), with quoted names and
parenthetical notes handled as units (“同意公开”的为368件, 网站(含转发)319条). A change
(比上年减少862公顷), a restatement (10件以下(含10件)) or a share (占总数19.29%) measures the
metric stated before it; a bare verb (已整改1153个) borrows the noun of the quantity before it
(问题 → 已整改问题). The word lists are data (``subject_stopwords.txt``, ``subject_rules.yaml``).
Only these few characters around a fact are segmented, never the whole document.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from nlp_reports.facts.subject_words import (
    VERB_TAGS,
    Tagged,
    is_nominal,
    is_stopword,
    joined,
    subject_rules,
    tagged_words,
)

# Tags of words that may sit inside a subject besides nouns: verbs, adjectives, adverbs,
# distinguishing words (在线, 大型), conjunctions (便民服务和投资类信息), suffixes.
_INNER_TAGS = frozenset({"v", "vd", "vg", "a", "ad", "ag", "b", "d", "c", "k", "h", "g", "z"})
_ACTION_TAGS = frozenset({*VERB_TAGS, "vn"})
_PREDICATE_TAGS = frozenset({"v", "vd", "vg", "vn", "d", "ad", "t"})
# Characters that open and close a unit taken whole: a quoted name or a parenthetical note.
_GROUPS = {")": "(", "”": "“", "」": "「", "』": "『", "’": "‘", "]": "["}
_QUOTES = frozenset('“”「」『』‘’"')
# Words kept inside a subject whatever their tag: suffixes (业务类, 地方级), joiners between nouns.
_INNER_WORDS = frozenset({"类", "级", "、", "和", "与", "及", "或"})
_JOINERS = frozenset({"、", "和", "与", "及", "或"})
_CLASSIFIER_CATEGORIES = frozenset({"count", "person", "event"})
_MAX_WORDS = 8
_MAX_FOLLOWING_WORDS = 4
_WINDOW = 32
_HAN_OR_LATIN = regex.compile(r"[\p{Han}A-Za-z]")
# A subject names something in Chinese, or is an acronym (GDP); English prose is not read.
_NAMES_SOMETHING = regex.compile(r"\p{Han}|^[A-Z][A-Z0-9]+$")
# A share of a whole: 占总数19.29%, 完成年初预算的45.5%, 相当于2019年同期数字的83.5%. A whole
# stated as an amount (完成年初预算数60999万元的40.4%) is itself the quantity before the share.
_SHARE_CUE = regex.compile(
    r"占[^,，。;；]{0,12}$|(?:完成|相当于)(?:[^,，。;；\d]|\d{4}年){0,16}的$"
)
# 分别 followed by a list of numbers, one for each metric named before it.
_RESPECTIVE_REACH = 60
_NUMBER_IN_LIST = regex.compile(r"[-+]?\d+(?:\.\d+)?(?:%|‰|倍|个百分点)?")
_RESPECTIVE_LIST = regex.compile(
    r"分别[^,，;；。\d]{0,10}?(?P<numbers>[-+]?\d+(?:\.\d+)?(?:%|‰|倍|个百分点)?"
    r"(?:[、和及与][-+]?\d+(?:\.\d+)?(?:%|‰|倍|个百分点)?)+)"
)
_LIST_JOINER = regex.compile(r"[、和及与]")
_TRAILING_NOTE = regex.compile(r"\([^()]{1,12}\)\s*$")
# 率为, 数为: jieba keeps 为 on the metric's last character.
_GLUED_LINK = regex.compile(r"(?<=[率数量额值])为$")


class Subject(NamedTuple):
    """A subject found next to a number, and what kind of phrase it is."""

    text: str | None
    verbal: bool = False
    """A verb phrase naming no thing (已整改1153个): the thing is the one counted before."""
    same_metric: bool = False
    """A change or restatement (比上年减少862公顷, (含10件)) of the metric stated before."""


def _may_continue(word: str, tag: str) -> bool:
    """Whether a word may stand inside the phrase before a number."""
    rules = subject_rules().words
    if is_stopword(word):
        return False
    if word in rules.determiners or word in rules.status_adverbs or word in _INNER_WORDS:
        return True
    return is_nominal(tag) or tag in _INNER_TAGS


def _group_start(tagged: Tagged, close: int) -> int | None:
    """Index of the word opening the quoted or bracketed unit that ``tagged[close]`` closes."""
    opener = _GROUPS.get(tagged[close][0])
    if opener is None and tagged[close][0] == '"':
        opener = '"'
    if opener is None:
        return None
    for index in range(close - 1, max(close - 12, -1), -1):
        if tagged[index][0] == opener:
            return index
    return None


def _walk_back(tagged: Tagged) -> Tagged:
    """The words before a number that may belong to its subject, from the nearest back."""
    rules = subject_rules().words
    phrase: Tagged = []
    index = len(tagged) - 1
    while index >= 0 and len(phrase) < _MAX_WORDS:
        word, tag = tagged[index]
        opened = _group_start(tagged, index) if word in _GROUPS or word == '"' else None
        if opened is not None:
            phrase = tagged[opened : index + 1] + phrase
            index = opened - 1
            continue
        if word == "的" and phrase and all(w in rules.generic_heads for w, _ in phrase):
            phrase = []
            index -= 1
            continue
        if not _may_continue(word, tag):
            break
        phrase.insert(0, (word, tag))
        index -= 1
    return phrase


def _is_actor(phrase: Tagged, index: int) -> bool:
    """Whether a word names who acted (部门, 管理局), not part of a longer noun (政府|性基金)."""
    word, tag = phrase[index]
    following = phrase[index + 1 : index + 2]
    whole = not following or len(following[0][0]) > 1
    return is_nominal(tag) and whole and word.endswith(subject_rules().words.actor_endings)


def _trim_start(phrase: Tagged) -> Tagged:
    """A phrase without what does not name the metric: actors and light verbs at its start
    (部门|受理…, 举办|培训班), loose adverbs or joiners at its ends, an ending that only says
    "number of" (信息数), and achievement verbs inside (规上服务业|实现|营业收入).

    A quoted name that does something is an actor too (“…网站”主动公开政府信息).
    """
    rules = subject_rules().words
    if phrase and phrase[0][0] in _QUOTES:
        closing = next((i for i in range(1, len(phrase)) if phrase[i][0] in _QUOTES), None)
        acting = closing is not None and closing + 1 < len(phrase)
        if closing is not None and acting and phrase[closing + 1][1] in _ACTION_TAGS:
            phrase = phrase[closing + 1 :]
    verbs = [i for i, (_, tag) in enumerate(phrase) if tag in VERB_TAGS]
    if verbs and phrase[0][0] not in _QUOTES:
        actors = [i for i in range(verbs[0]) if _is_actor(phrase, i)]
        if actors:
            phrase = phrase[actors[-1] + 1 :]
    while len(phrase) > 1:
        word, tag = phrase[0]
        loose = tag == "d" and len(word) == 1 and word not in rules.status_adverbs
        if not (loose or word in rules.light_verbs or word in _JOINERS or tag[:1] in "cu"):
            break
        phrase = phrase[1:]
    while phrase and (phrase[-1][1][:1] in {"c", "d", "u"} or phrase[-1][0] in _JOINERS):
        phrase = phrase[:-1]
    named = any(is_nominal(tag) for _, tag in phrase[:-1])
    if named and phrase[-1][0] in rules.count_endings:
        phrase = phrase[:-1]
    inner = range(1, len(phrase) - 1)
    dropped = {i for i in inner if phrase[i][0] in rules.achievement_verbs}
    return [pair for i, pair in enumerate(phrase) if i not in dropped]


def _strip_enclosing_quotes(text: str) -> str:
    """“同意公开” → 同意公开; quotes inside a name stay (新增“五上”企业)."""
    if text[:1] in _QUOTES and text[-1:] in _QUOTES and not any(c in _QUOTES for c in text[1:-1]):
        return text[1:-1]
    if text[:1] in _QUOTES and not any(c in _QUOTES for c in text[1:]):
        return text[1:]
    return text


def _trim_links(tagged: Tagged) -> Tagged:
    """Drop linking words and loose punctuation (a table's | or a space) before a number."""
    rules = subject_rules().words
    while tagged:
        word, tag = tagged[-1]
        loose = tag == "x" and word not in _GROUPS and word not in _QUOTES
        if not (loose or word in rules.trailing_links or is_stopword(word)):
            break
        tagged = tagged[:-1]
    return tagged


def _without_notes(text: str) -> str:
    """``text`` without a closing note in brackets or a 为 glued to the metric (率为)."""
    return _GLUED_LINK.sub("", _TRAILING_NOTE.sub("", text.rstrip()))


def _before_phrase(before: str) -> Subject:
    """The subject named in the clause before a number (``before`` ends at the number)."""
    tagged = _trim_links(tagged_words(_without_notes(before[-_WINDOW:])))
    text = joined(tagged)
    if _without_notes(text) != text:
        tagged = _trim_links(tagged_words(_without_notes(text)))
        text = joined(tagged)
    cue = subject_rules().same_metric.search(text)
    if cue:
        tagged = _trim_links(tagged_words(subject_rules().cause.sub("", text[: cue.start()])))
    phrase = _trim_start(_walk_back(tagged))
    subject = _strip_enclosing_quotes(joined(phrase))
    if not _NAMES_SOMETHING.search(subject):
        return Subject(None, same_metric=bool(cue))
    verbal = not any(is_nominal(tag) for _, tag in phrase)
    return Subject(subject, verbal=verbal, same_metric=bool(cue))


def _group_after(tagged: Tagged, index: int) -> int | None:
    """End (exclusive) of a parenthetical note opening at ``index`` that a noun follows."""
    close = next((i for i in range(index + 1, len(tagged)) if tagged[i][0] == ")"), None)
    if close is None or close + 1 >= len(tagged) or not is_nominal(tagged[close + 1][1]):
        return None
    return close + 1


def _is_modifier(tagged: Tagged, index: int) -> bool:
    """A word before the head noun that narrows it: 大型, 新, 兼职(工作人员), 上榜(企业)."""
    word, tag = tagged[index]
    if tag in {"a", "b"}:
        return True
    following = tagged[index + 1 : index + 2]
    return tag == "v" and len(word) == 2 and bool(following) and is_nominal(following[0][1])


def _following_noun(tagged: Tagged, linked: bool) -> tuple[Tagged, int]:
    """The noun phrase opening ``tagged`` (294个|网站, 965个|村(社区)便民服务站) and where it ends.

    Modifiers come before the first noun; after it only nouns, a parenthetical note, or a
    conjunction or 、 that joins another noun (行政审批、社会服务事项; 功能与服务). ``linked``:
    the phrase follows 的 (31件以上的部分), where a generic noun is not what is counted.
    """
    rules = subject_rules().words
    words: Tagged = []
    index = 0
    while index < len(tagged) and len(words) < _MAX_FOLLOWING_WORDS:
        word, tag = tagged[index]
        has_head = any(is_nominal(t) for _, t in words)
        if word == "(" and has_head:
            end = _group_after(tagged, index)
            if end is None:
                break
            words.append((joined(tagged[index:end]), "group"))
            index = end
            continue
        if word in {"、", "和", "与", "及"} and has_head:
            rest, length = _following_noun(tagged[index + 1 :], linked)
            beyond = tagged[index + 1 + length : index + 2 + length]
            if not rest or (beyond and (is_nominal(beyond[0][1]) or beyond[0][1] == "m")):
                break
            return [*words, tagged[index], *rest], index + 1 + length
        if is_stopword(word) or (linked and word in rules.generic_heads):
            break
        if not (is_nominal(tag) or (not has_head and _is_modifier(tagged, index))):
            break
        words.append((word, tag))
        index += 1
    while words and (not is_nominal(words[-1][1]) or _is_activity(words)):
        words.pop()
        index -= 1
    return words, index


def _is_activity(words: Tagged) -> bool:
    """Whether a phrase ends in an activity done to the noun before it (网上办事大厅|建设)."""
    return len(words) > 1 and words[-1][0] in subject_rules().words.activity_nouns


def _relative_verb(before: str) -> str:
    """A bare verb joined by 的 to the number (受理的11428件申请 → 受理), else empty."""
    if not before.endswith("的"):
        return ""
    tagged = tagged_words(before[-_WINDOW:-1])
    if (
        tagged
        and tagged[-1][1] in VERB_TAGS
        and (len(tagged) == 1 or not _may_continue(*tagged[-2]))
    ):
        return tagged[-1][0]
    return ""


def _narrowing_predicate(rest: Tagged) -> str | None:
    """A short predicate ending the clause that narrows what is counted (已完工, 建成投用)."""
    rules = subject_rules().words
    if not rest or len(rest) > 4 or not all(tag in _PREDICATE_TAGS for _, tag in rest):
        return None
    words = [word for word, _ in rest]
    if any(word in rules.quantifier_adverbs or is_stopword(word) for word in words):
        return None
    if not any(tag in VERB_TAGS or tag == "vn" for _, tag in rest):
        return None
    return "".join(word for word in words if word not in rules.manner_adverbs)


def _opens_clause(before: str) -> bool:
    """Whether nothing but scope, time or an apposition (…制袜等) comes before a number."""
    tagged = tagged_words(before[-_WINDOW:])
    if tagged and tagged[-1][0] in {"等", "等等"}:
        return True
    return all(is_stopword(word) or tag[:1] in {"t", "x", "m"} for word, tag in tagged)


def _after_phrase(before: str, after: str, classifier: bool) -> Subject | None:
    """The subject named after a number: the noun it modifies, or a bare verb phrase."""
    text = after[:_WINDOW]
    complete = len(after) <= _WINDOW
    linked = text.startswith("的")
    if linked:
        text = text[1:]
    if not (classifier or linked) or not _HAN_OR_LATIN.match(text):
        return None
    tagged = tagged_words(text)
    noun, length = _following_noun(tagged, linked)
    if noun:
        predicate = _narrowing_predicate(tagged[length:]) if complete else None
        if predicate and not linked and _opens_clause(before):
            return Subject(predicate + joined(noun))
        return Subject(_relative_verb(before) + joined(noun))
    if linked or not complete:
        return None
    rest = tagged
    while rest and rest[-1][1][:1] in {"f", "x", "u", "y"}:
        rest = rest[:-1]
    predicate = _narrowing_predicate(rest)
    return Subject(predicate, verbal=True) if predicate else None


def _respective_part(view: str, start: int) -> str | None:
    """The k-th of the metrics listed before 分别 for its k-th number (A及B分别上升12.1%及14.7%).

    Items listed before 等 are the metrics (新能源汽车、碳纤维增强复合材料等新产品产量分别增长…).
    """
    window = view[max(0, start - _RESPECTIVE_REACH) : start]
    if "分别" not in window:
        return None
    window = window[max((window.rfind(c) for c in ",，;；。"), default=-1) + 1 :]
    cue = window.rfind("分别")
    if cue < 0:
        return None
    listed = _RESPECTIVE_LIST.match(view, start - len(window) + cue)
    if listed is None or listed.end("numbers") < start:
        return None
    numbers = _NUMBER_IN_LIST.findall(listed.group("numbers"))
    index = len(_NUMBER_IN_LIST.findall(window[cue:]))
    named = window[:cue]
    if "等" in named:
        named = named[: named.rfind("等")]
    phrase = _before_phrase(named).text or ""
    parts = [part for part in _LIST_JOINER.split(phrase) if part]
    if len(parts) < 2 or len(parts) != len(numbers) or index >= len(parts):
        return None
    return parts[index]


def find_subject(
    view: str, start: int, end: int, left: int, right: int, unit_category: str | None
) -> Subject:
    """Subject of the quantity at ``[start, end)``, looking no further than ``[left, right)``.

    ``unit_category`` is the category of a count's measure word (units.tsv): a classifier
    (个, 家, 人次) may be followed by the noun counted; None for other quantities.

    >>> view = "全市294个网站已全部完成整改"
    >>> find_subject(view, 2, 6, 0, len(view), "count").text
    '网站'
    >>> view = "培训人员达3600多人"
    >>> find_subject(view, 5, 11, 0, len(view), "person").text
    '培训人员'
    >>> view = "市府办受理政府信息公开申请4宗"
    >>> find_subject(view, 13, 15, 0, len(view), "count").text
    '受理政府信息公开申请'
    >>> view = "其中“同意公开”的为368件"
    >>> find_subject(view, 10, 14, 0, len(view), "count").text
    '同意公开'
    >>> view = "比上年减少862公顷"
    >>> find_subject(view, 5, 10, 0, len(view), "physical")
    Subject(text=None, verbal=False, same_metric=True)
    """
    respective = _respective_part(view, start)
    if respective:
        return Subject(respective)
    before = view[left:start]
    found = _after_phrase(before, view[end:right], unit_category in _CLASSIFIER_CATEGORIES)
    if found is not None and not found.verbal:
        return found
    preceding = _before_phrase(before) if start > left else Subject(None)
    if preceding.text is None and found is not None:
        return found
    return preceding


def head_noun(subject: str) -> str | None:
    """The thing a subject names, without the verbs before it: 移送案件线索 → 案件线索.

    None when the subject names no thing (同意公开).

    >>> head_noun("移送案件线索"), head_noun("问题"), head_noun("同意公开")
    ('案件线索', '问题', None)
    """
    tagged = tagged_words(subject)
    verbs = [i for i, (_, tag) in enumerate(tagged) if tag in VERB_TAGS or tag == "vn"]
    head = tagged[verbs[-1] + 1 :] if verbs else tagged
    if not head or not any(tag[:1] == "n" or tag in {"eng", "j"} for _, tag in head):
        return None
    return joined(head)


def zero_subject(rest: str) -> str | None:
    """What a zero stated in words negates: the rest of its clause, trimmed.

    >>> zero_subject("收到依申请公开政府信息的申请")
    '依申请公开政府信息的申请'
    >>> zero_subject("因政府信息提起行政复议和行政诉讼的情况发生")
    '因政府信息提起行政复议和行政诉讼'
    """
    rules = subject_rules()
    text = rest.strip()
    for opener in rules.words.zero_openers:
        text = text.removeprefix(opener)
    for closer in rules.zero_closers:
        text = closer.sub("", text)
    return text.strip() or None


def is_share(view: str, start: int, left: int) -> bool:
    """Whether a percentage is a share of a whole (占总数19.29%): it measures the part."""
    return bool(_SHARE_CUE.search(view, left, start))
