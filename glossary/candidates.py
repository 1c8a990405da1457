"""Term candidates: the phrases of Chinese texts that the glossary does not cover yet.

Extraction over word n-grams. Each text is cut into clauses (runs of Han characters; any
punctuation, digit, Latin letter or space ends one) and each clause into words with jieba
(its dictionary only, no HMM guessing, so the cuts are reproducible). A candidate is a run
of 1 to 8 whole words, 2 to 12 characters long, that occurs at least `min_count` times;
runs are counted level by level, a run of n words only where both its runs of n - 1 words
are frequent (a run cannot be more frequent than its parts).

Dropped: phrases the glossary covers (equal to or inside any simplified, Taiwan or Hong
Kong form, compared through the annotator's folding), numbers and dates (二〇二四年,
三十多万), function-word debris (a first or last word such as 的 了 和 与 等 是 在 对 把 要,
or whose jieba part-of-speech tag no term starts or ends with: a preposition, a pronoun, an
adverb, or a verb at the end), single words that are verbs, adjectives or names (加强),
a verb before a unit of its own (推动 + 高质量发展), an adverbial verb phrase (健康发展),
pieces of lists (…等重大), short phrases around 的 (发展的政策), fragments (a side with a
single neighbouring character: 近平同志 always after 习), and phrases that occur only
inside longer candidates (fewer than `min_count` occurrences of their own).

Ranked by a score that multiplies:
- the occurrences of the phrase's own (not inside a longer candidate, as in C-value);
- boundary freedom: the smaller of the left and right branching entropies over the
  neighbouring characters (a clause edge counts as a neighbour of its own), capped;
- cohesion: for a phrase of several words, how much more often its parts occur together
  than chance predicts (the weakest split's pointwise mutual information), and for a
  single word, how much more frequent it is here than in general Chinese (jieba's word
  frequencies): so 扩大内需 ranks high and 发展 does not;
- dispersion: the number of documents it occurs in;
- length: longer phrases are more often terms (log of the character count), and a
  single dictionary word counts half.

The figures reported are plain: `count` is the number of occurrences of the phrase in the
texts (str.count, summed), `documents` and `years` how many texts and distinct years they
are in, `first` and `last` the first and last year, `examples` keyword-in-context lines.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from glossary.corpora import bundled_folder, read_manifest

if TYPE_CHECKING:
    from glossary.query import Glossary

MIN_CHARS, MAX_CHARS = 2, 12
MAX_WORDS = 8
EXAMPLES = 3
CONTEXT_CHARS = 12  # characters each side of an example
SINGLE_WORD = 0.5  # a dictionary word is less often a term than a phrase of several
ENTROPY_CAP = 2.5  # nats: more neighbours than that say nothing more about a boundary

CORPUS_DIR = str(bundled_folder())

_CLAUSE = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_DIGIT_BEFORE = re.compile(r"[0-9０-９.%％]$")
_YEAR_IN_NAME = re.compile(r"(?<![0-9])(1[89][0-9]{2}|20[0-9]{2})(?![0-9])")


def _set(words: str) -> frozenset[str]:
    """The space-separated items of a string."""
    return frozenset(words.split())


# Words that never start or end a term (first list) or never end one (second list).
_EDGE_WORDS = _set(
    "的 了 和 与 及 等 是 在 对 把 要 也 都 而 并 或 被 将 从 向 于 给 让 使 就 还 又 着 过"
    " 之 其 这 那 此 该 各 每 所 地 得 但 如 若 因 由 跟 同 即 既 已 才 再 更 很 最 不 没 "
    "以及 并且 而且 或者 以及 同时 进一步 一些 这些 那些 这个 那个 这种 这样 我们 我国 他们 "
    "你们 它们 我 你 他 她 它 其中 通过 按照 根据 围绕 关于 对于 为了 作为 其他 一个 一批 "
    "一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 必须 应当 能够 可以 已经 正在 还要 "
    "坚决 切实 大力 积极 继续 不断 认真 努力 全面 深入 着力 加快 持续 稳步 有序 有效 进而 "
    "广泛 充分 优先 从而 以便 以免 要求 方面 问题 工作 情况 重要 主要 一定 各种 各项 各类 各级 "
    "有关 相关 今年 去年 明年 上年 全年 当年 过去 当前 目前 近年 近年来 今后 同期 年均 历年"
)
_EDGE_CHARS = "的了与及"  # not even inside a word at either end of a phrase
_TAIL_WORDS = _EDGE_WORDS | _set("以 为 中 上 下 里 内 外 时 后 前 间 来 去 起 到 出")
# Numerals and the units and calendar words that follow them: a phrase made only of these is
# a number or a date (二〇二四年, 三十多万, 百分之五), not a term.
_NUMERALS = "〇零一二三四五六七八九十百千万亿两几多余半廿卅第"
_UNITS = "年月日号时分秒岁倍个项条次元届周代世纪人户家所座台辆吨斤亩里米公顷成点"
_NUMBER = re.compile(f"[{_NUMERALS}]+[{_UNITS}{_NUMERALS}]*(?:之[{_NUMERALS}]+)?")
_PERCENT = re.compile(f"百分之[{_NUMERALS}]+")


@dataclass(frozen=True)
class Document:
    """One text: a name (its file), the text, and its year when known."""

    name: str
    text: str
    year: int | None = None


@cache
def _manifest() -> dict[str, int]:
    """File name → year of the bundled corpus (its manifest, read by glossary.corpora)."""
    return {document.path.name: document.year for document in read_manifest(bundled_folder())}


def document_year(path: str) -> int | None:
    """The year of a text: from the corpus manifest for a bundled file, else from its name."""
    real = os.path.realpath(path)
    if os.path.dirname(real) == CORPUS_DIR and os.path.basename(real) in _manifest():
        return _manifest()[os.path.basename(real)]
    match = _YEAR_IN_NAME.search(os.path.basename(path))
    return int(match.group(1)) if match else None


def bundled_documents(names: Iterable[str] | None = None) -> list[str]:
    """The paths of the bundled corpus's Chinese texts (all, or the named files)."""
    wanted = sorted(_manifest()) if names is None else list(names)
    return [os.path.join(CORPUS_DIR, name) for name in wanted if ".zh." in name]


@dataclass
class Candidate:
    """A phrase the glossary does not cover, with its plain figures and its score."""

    phrase: str
    count: int
    documents: int
    years: int
    first: int | None
    last: int | None
    examples: list[str]
    score: float = 0.0
    stats: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON item: phrase, count, documents, years, first, last, examples."""
        return {
            "phrase": self.phrase,
            "count": self.count,
            "documents": self.documents,
            "years": self.years,
            "first": self.first,
            "last": self.last,
            "examples": self.examples,
        }


class FormCoverage:
    """Whether the glossary covers a phrase: equal to, or inside, one of its Chinese forms."""

    def __init__(self, glossary: Glossary):
        from glossary.annotate import annotator_for

        annotator = annotator_for(glossary)
        self.fold = annotator.folding.key
        self.annotate = annotator.annotate
        keys = {self.fold(v) for form in annotator.forms for v in form.variants if v}
        self._terms = frozenset(keys)
        self._inside = frozenset(
            key[start:end]
            for key in keys
            for start in range(len(key))
            for end in range(start + 1, len(key) + 1)
        )

    def covers(self, phrase: str) -> bool:
        """True when the phrase equals, or is part of, a glossary form (any script)."""
        return self.fold(phrase) in self._inside

    def is_term(self, phrase: str) -> bool:
        """True when the phrase is a glossary form (any script), not only part of one."""
        return self.fold(phrase) in self._terms


@cache
def _tokenizer() -> Any:
    """jieba's tokenizer with its default dictionary, loaded once (about a second)."""
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba 0.42 imports pkg_resources where present
        import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def segment(text: str) -> list[list[str]]:
    """The clauses of a text (runs of Han characters), each cut into jieba's words.

    A clause that follows a digit loses a leading unit word (the 年 of 2024年, the 亿元 of
    3亿元): it belongs to the number.
    """
    tokenizer = _tokenizer()
    clauses = []
    for match in _CLAUSE.finditer(text):
        words = tokenizer.lcut(match.group(), HMM=False)
        if (
            match.start()
            and _DIGIT_BEFORE.search(text[match.start() - 1])
            and _is_number(words[0], unit_alone=True)
        ):
            words = words[1:]
        if words:
            clauses.append(words)
    return clauses


def _is_number(phrase: str, unit_alone: bool = False) -> bool:
    """A number or a date: 二〇二四年, 三十多万, 第十四届, 百分之五 (or, after a digit, 亿元)."""
    if _NUMBER.fullmatch(phrase) or _PERCENT.fullmatch(phrase):
        return True
    return unit_alone and all(char in _UNITS + _NUMERALS + "左右以上下内" for char in phrase)


# jieba part-of-speech tags (ICTCLAS set) of words no term starts with, or ends with.
_HEAD_TAGS = _set("p c u uj ul uv ud uz ug r rr rz d ad dg df y e o m q mq f k h")
_TAIL_TAGS = _HEAD_TAGS | {"b", "t", "v", "vg", "vd", "vi", "z", "nr", "nrfg", "nrt"}
_LIST_WORDS = _set("等 等等 以及 或者")
# Verbs of policy prose that jieba's dictionary tags otherwise (落实 a, 深化 j)
_VERBS = _set(
    "落实 深化 强化 优化 健全 完善 规范 统筹 巩固 保障 提升 促进 推动 推进 加强 实施 扩大 "
    "提高 增强 培育 发挥 打造 构建 建立 建设 支持 鼓励 引导 加大 保持 防范 化解 坚持 实现"
)
_MANNER_TAGS = _set("a ad d v")
_ACTION_TAGS = _set("v vn a")
_LOOSE_TAGS = _set("v vg vd vi a ad ag d z b nr nrfg nrt")  # no term on their own


def _word_tags(words: set[str]) -> dict[str, str]:
    """jieba's part-of-speech tag of each of these words that its dictionary has."""
    tags = {}
    with _tokenizer().get_dict_file() as handle:
        for line in handle:
            parts = line.decode("utf-8").split()
            if len(parts) == 3 and parts[0] in words:
                tags[parts[0]] = parts[2]
    return tags


def _debris(words: Sequence[str], tags: dict[str, str]) -> bool:
    """Function-word debris: a phrase that starts or ends with a word no term starts or ends with.

    A phrase of several words must not end with a verb (扎实推进, 表示衷心感谢); a single word
    must be a noun, an idiom or an abbreviation (加强 and 完善 are not terms).
    """
    first, last = words[0], words[-1]
    if first in _EDGE_WORDS or last in _TAIL_WORDS:
        return True
    if first[0] in _EDGE_CHARS or last[-1] in _EDGE_CHARS:
        return True  # 惠及, 的确
    if len(words) == 1:
        if tags.get(first, "") in _LOOSE_TAGS | _TAIL_TAGS:
            return True
        # a four-character dictionary word made of two words: 大力发展, 深入开展, 建立健全
        halves = (first[:2], first[2:])
        if len(first) == 4 and all(half in tags for half in halves):
            return _debris(halves, tags)
        return False
    if tags.get(first, "") in _HEAD_TAGS or tags.get(last, "") in _TAIL_TAGS:
        return True
    if len(words) == 2 and tags.get(first) in _MANNER_TAGS and tags.get(last) in _ACTION_TAGS:
        return True  # an adverbial verb phrase: 健康发展, 贯彻落实
    if any(word in _LIST_WORDS for word in words):
        return True  # a piece of a list: 会议等重大
    if "的" in words:  # 发展的政策: a noun phrase, not a name, unless both sides are long
        cut = len(words) - 1 - words[::-1].index("的")
        return min(len("".join(words[:cut])), len("".join(words[cut + 1 :]))) < 3
    return False


def _entropy(counts: Counter[str], edges: int) -> float:
    """Branching entropy of the neighbours; each clause edge counts as a neighbour of its own."""
    total = sum(counts.values()) + edges
    if total == 0:
        return 0.0
    entropy = edges * math.log(total) / total
    for n in counts.values():
        entropy -= n / total * math.log(n / total)
    return entropy


@dataclass
class _Stats:
    words: tuple[str, ...]
    left: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    left_edges: int = 0
    right_edges: int = 0
    own: int = 0  # occurrences not inside a longer candidate
    documents: set[int] = field(default_factory=set)


def _count_ngrams(clauses: list[list[str]], min_count: int) -> dict[tuple[str, ...], int]:
    """Every run of 1..MAX_WORDS words occurring at least min_count times, with its count."""
    frequent: dict[tuple[str, ...], int] = {}
    unigrams = Counter(word for clause in clauses for word in clause)
    level: dict[tuple[str, ...], int] = {(w,): n for w, n in unigrams.items() if n >= min_count}
    frequent.update(level)
    positions = [
        (c, i) for c, clause in enumerate(clauses) for i, w in enumerate(clause) if (w,) in level
    ]
    for size in range(2, MAX_WORDS + 1):
        counts: Counter[tuple[str, ...]] = Counter()
        for c, i in positions:
            clause = clauses[c]
            if i + size <= len(clause):
                gram = tuple(clause[i : i + size])
                if gram[1:] in level:
                    counts[gram] += 1
        level = {g: n for g, n in counts.items() if n >= min_count}
        if not level:
            break
        frequent.update(level)
        positions = [
            (c, i)
            for c, i in positions
            if i + size <= len(clauses[c]) and tuple(clauses[c][i : i + size]) in level
        ]
    return frequent


@dataclass(frozen=True)
class Phrase:
    """A term-like phrase of the texts, covered by the glossary or not, with its score."""

    phrase: str
    score: float
    covered: bool  # equal to, or part of, a glossary form
    term: bool  # equal to a glossary form
    count: int  # occurrences at word boundaries
    own: int  # of which not inside a longer phrase
    left: float
    right: float
    cohesion: float


class Extractor:
    """Ranks the phrases of a set of texts that the glossary does not cover."""

    def __init__(self, glossary: Glossary):
        self.coverage = FormCoverage(glossary)

    def candidates(
        self, documents: Sequence[Document], limit: int | None = 100, min_count: int = 3
    ) -> list[Candidate]:
        """The best phrases of the texts that the glossary does not cover, best first."""
        ranked = [phrase for phrase in self.phrases(documents, min_count) if not phrase.covered]
        return [self._candidate(phrase, documents) for phrase in ranked[:limit]]

    def phrases(self, documents: Sequence[Document], min_count: int = 3) -> list[Phrase]:
        """Every term-like phrase of the texts, covered or not, best first."""
        clauses: list[list[str]] = []
        owner: list[int] = []
        for index, document in enumerate(documents):
            for clause in segment(document.text):
                clauses.append(clause)
                owner.append(index)
        counts = _count_ngrams(clauses, min_count)
        total_words = sum(len(clause) for clause in clauses) or 1
        edges = {word for words in counts for word in (words[0], words[-1])}
        tags = _word_tags(edges | {half for word in edges for half in (word[:2], word[2:])})
        kept: dict[tuple[str, ...], _Stats] = {}
        for words in counts:
            phrase = "".join(words)
            if MIN_CHARS <= len(phrase) <= MAX_CHARS and not (
                _debris(words, tags) or _is_number(phrase)
            ):
                kept[words] = _Stats(words)
        for words in list(kept):
            # a verb put before a unit of its own (推动 + 高质量发展, 坚持 + 稳中求进), or
            # loose characters (打 + 好)
            verb = tags.get(words[0]) == "v" or words[0] in _VERBS
            verb_phrase = len(words) > 1 and verb and words[1:] in counts
            if verb_phrase or max(map(len, words)) == 1:
                del kept[words]
        self._contexts(clauses, owner, counts, kept)
        ranked = []
        for words, stats in kept.items():
            if stats.own < min_count:
                continue  # only (or mostly) inside longer phrases
            left = _entropy(stats.left, stats.left_edges)
            right = _entropy(stats.right, stats.right_edges)
            if min(left, right) == 0.0:
                continue  # a fragment: always the same neighbour on one side
            cohesion = self._cohesion(words, counts, total_words)
            if cohesion <= 0:
                continue
            phrase = "".join(words)
            score = (
                stats.own
                * min(left, right, ENTROPY_CAP)
                * cohesion
                * (1 + math.log(len(stats.documents)))
                * math.log2(len(phrase))
                * (SINGLE_WORD if len(words) == 1 else 1.0)
            )
            covered, term = self.coverage.covers(phrase), self.coverage.is_term(phrase)
            ranked.append(
                Phrase(
                    phrase, score, covered, term, counts[words], stats.own, left, right, cohesion
                )
            )
        ranked.sort(key=lambda item: (-item.score, item.phrase))
        return ranked

    @staticmethod
    def _contexts(
        clauses: list[list[str]],
        owner: list[int],
        counts: dict[tuple[str, ...], int],
        kept: dict[tuple[str, ...], _Stats],
    ) -> None:
        """Neighbours, documents and own occurrences of every kept phrase."""
        for c, clause in enumerate(clauses):
            spans = []
            for i in range(len(clause)):
                for j in range(i + 1, min(len(clause), i + MAX_WORDS) + 1):
                    words = tuple(clause[i:j])
                    if words not in counts:
                        break  # nor any longer run from i: its first words are not frequent
                    stats = kept.get(words)
                    if stats is None:
                        continue
                    spans.append((i, j, stats))
                    stats.documents.add(owner[c])
                    if i:
                        stats.left[clause[i - 1][-1]] += 1
                    else:
                        stats.left_edges += 1
                    if j < len(clause):
                        stats.right[clause[j][0]] += 1
                    else:
                        stats.right_edges += 1
            for i, j, stats in spans:
                if not any(a <= i and j <= b and (a, b) != (i, j) for a, b, _ in spans):
                    stats.own += 1

    @staticmethod
    def _cohesion(words: tuple[str, ...], counts: dict[tuple[str, ...], int], total: int) -> float:
        """How much the phrase holds together (see the module docstring); 0 or less: not at all."""
        n = counts[words]
        if len(words) == 1:
            general = _tokenizer().FREQ.get(words[0], 0)
            relative = (n / total) / ((general + 1) / _tokenizer().total)
            return math.log10(relative) - 1  # ten times more frequent here: 0
        weakest = min(
            math.log2(n * total / (counts[words[:k]] * counts[words[k:]]))
            for k in range(1, len(words))
        )
        return weakest / 4

    @staticmethod
    def _candidate(phrase: Phrase, documents: Sequence[Document]) -> Candidate:
        """The plain figures of a phrase: str.count over the texts, documents, years, examples."""
        text = phrase.phrase
        found = [(document, document.text.count(text)) for document in documents]
        found = [(document, n) for document, n in found if n]
        # examples from documents spread over the list: the first, the last, one between
        picks = sorted({0, len(found) // 2, len(found) - 1})[:EXAMPLES] if found else []
        years = sorted({d.year for d, _ in found if d.year is not None})
        return Candidate(
            text,
            sum(n for _, n in found),
            len(found),
            len(years),
            years[0] if years else None,
            years[-1] if years else None,
            [_example(found[i][0].text, text) for i in picks],
            phrase.score,
            {
                "own": phrase.own,
                "left": phrase.left,
                "right": phrase.right,
                "cohesion": phrase.cohesion,
            },
        )


def _example(text: str, phrase: str) -> str:
    """A keyword-in-context line: the first occurrence with a few characters either side."""
    at = text.index(phrase)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    start = max(line_start, at - CONTEXT_CHARS)
    end = min(line_end, at + len(phrase) + CONTEXT_CHARS)
    return ("…" if start > line_start else "") + text[start:end] + ("…" if end < line_end else "")


def listing(candidates: Sequence[Candidate]) -> str:
    """Candidates for people: rank, phrase, count, documents, years and one example a line."""
    lines = []
    for rank, candidate in enumerate(candidates, 1):
        span = ""
        if candidate.first is not None:
            span = (
                f"  {candidate.first}–{candidate.last}"
                if candidate.years > 1
                else (f"  {candidate.first}")
            )
        example = candidate.examples[0] if candidate.examples else ""
        lines.append(
            f"{rank:>4}  {candidate.phrase}  {candidate.count}×  "
            f"{candidate.documents} doc(s){span}  {example}\n"
        )
    return "".join(lines)
