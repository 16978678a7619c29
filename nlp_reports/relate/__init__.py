"""Which facts belong together: the arithmetic a text asserts, read the way a reader reads it.

Every amount is first given a role from the words around it: a *level* (收入24627万元), a
*change* (比上年减收1070万元) or a *whole* a percentage is taken of (完成预算数60999万元的40.4%).
Then each finder reads one kind of claim:

- parts_total: a level amount, a parts cue (其中, 包括, 分别为, 分产业看) and the level amounts of
  the same unit that follow, up to the end of the sentence, a new whole (承办件中…) or a larger
  value;
- parts_total of channels: a total that says 累计/共 and an action (公开), then amounts of its
  unit that each name a channel and repeat the action (通过政府网站公开…, 村务公开栏公开…);
- parts_total of tiers of government: a territory's figure, then the same figure for its own
  tier and for the tiers below it, each in a sentence of its own (全省…11428件。省政府及其部门…
  1784件。市、县(市、区)…9644件: ``levels.py``);
- parts_total of a balance: a difference stated with the two flows it is the difference of
  (进口…, 出口…, 贸易逆差…: 进口 = 出口 + 逆差), in one sentence, unit and period;
- share: a percentage after 占/比重 or after ``whole的``, of the part before it;
- rate: a percentage whose subject ends in 率, of the amount before it;
- percent_sum: the shares of the parts of one complete breakdown, or of the two halves of one
  whole (中国企业…占八成,外资企业占两成);
- growth: a level, its change and its growth rate (税收收入8103万元,比上年增收1284万元,增长18.8%),
  or a growth rate's gap to another rate stated elsewhere (快于全市生产总值1.9个百分点);
- share of named metrics: part and whole named in the sentence, their amounts stated elsewhere
  (服务业增加值…占全市生产总值的比重为55.3%);
- same_metric: one clause stated twice with the same words (a headline and its paragraph), or
  one figure stated again in other words, when both statements name one metric for one period
  in one reading (statements.py; the names are data: ``profiles/common/metric_names.yaml``);
- same_metric of two passages: a paragraph and its English translation, a headline figure and
  the one the paragraphs under it give in full, a lead that repeats the body's figures in fewer
  words;
- item_count: a number of items and the items listed (市、县、镇、村四级);
- tables of plain text (``grids.py``): rows that break a total down, cells that restate the prose.

Where the text leaves an operand open (which whole a share is of), the candidates it offers are
kept, nearest first; ``Relation.explicit`` records whether the text itself names the operand, and
only then may a check fail. The cue words are data: ``profiles/common/relation_cues.yaml``; the
names of metrics, their synonyms and qualifiers: ``profiles/common/metric_names.yaml``.

Where each part lives:

- ``document``: the view, its facts in order with their roles (``Document``, ``Placed``), the
  relation drafts finders return (``Draft``), the cue words, sentences, paragraphs and periods;
- ``breakdowns``: parts_total of parts, channels, balances and tiers of government;
- ``ratios``: shares, rates, percent_sum and shares of named metrics;
- ``growth``: growth, and gaps between growth rates;
- ``named_metrics``: the statements elsewhere of a metric a sentence only names, and names
  without their qualifiers, for ``ratios`` and ``growth``;
- ``restatements``: same_metric of one sentence or one figure stated twice;
- ``passages``: same_metric of translations, headlines and leads;
- ``items``: item_count;
- ``grid_relations``: tables of plain text;
- this module: ``find_relations``, which runs every finder and numbers the relations.
"""

from __future__ import annotations

from nlp_reports.facts import Extraction
from nlp_reports.normalise import TextView
from nlp_reports.records import Relation
from nlp_reports.relate.breakdowns import (
    find_balances,
    find_channel_parts,
    find_level_sums,
    find_parts,
)
from nlp_reports.relate.document import Document, Draft, RelatedSets
from nlp_reports.relate.grid_relations import find_grid_relations
from nlp_reports.relate.growth import find_growths, find_rate_gaps
from nlp_reports.relate.items import find_item_counts
from nlp_reports.relate.passages import (
    find_headline_restatements,
    find_lead_restatements,
    find_translations,
)
from nlp_reports.relate.ratios import (
    find_complementary_shares,
    find_named_shares,
    find_percent_sums,
    find_ratios,
)
from nlp_reports.relate.restatements import (
    find_column_restatements,
    find_restatements,
    find_same_metrics,
    find_structure_restatements,
)


def _without_repeats(drafts: list[Draft]) -> list[Draft]:
    """The drafts, less the same-metric ones whose facts an earlier one already relates."""
    kept: list[Draft] = []
    related = RelatedSets()
    for draft in drafts:
        if draft.type == "same_metric":
            ids = frozenset(str(i) for i in draft.roles["facts"])
            if related.covers(ids):
                continue
            related.add(ids)
        kept.append(draft)
    return kept


def find_relations(view: TextView, extraction: Extraction) -> list[Relation]:
    """Relations among the facts of one document."""
    doc = Document(view, extraction)
    parts = find_parts(doc)
    parts_of = {pid: draft for draft in parts for pid in draft.roles["parts"]}
    ratios = find_ratios(doc, parts_of)
    drafts = [
        *parts,
        *ratios,
        *find_percent_sums(parts, ratios),
        *find_complementary_shares(doc),
        *find_balances(doc),
        *find_channel_parts(doc),
        *find_level_sums(doc),
        *find_growths(doc),
        *find_rate_gaps(doc),
        *find_named_shares(doc, ratios),
        *find_same_metrics(doc, parts_of),
        *find_column_restatements(doc),
        *find_structure_restatements(doc),
        *find_item_counts(doc),
        *find_grid_relations(doc),
        *find_translations(doc),
        *find_headline_restatements(doc),
        *find_lead_restatements(doc),
        *find_restatements(doc, parts_of),
    ]
    relations = []
    for number, draft in enumerate(_without_repeats(drafts), start=1):
        members = draft.members
        relations.append(
            Relation(
                id=f"r{number}",
                type=draft.type,
                roles=draft.roles,
                exhaustive=draft.exhaustive,
                candidates=draft.candidates,
                explicit=draft.explicit,
                items=draft.items,
                scales=draft.scales,
                cue=draft.cue,
                span=(min(m.fact.span[0] for m in members), max(m.fact.span[1] for m in members)),
            )
        )
    return relations
