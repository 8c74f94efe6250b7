"""Where a mention sits in a report: its sentence, its certainty, its part, its addendum.

Pathology reports qualify almost every finding ("negative for carcinoma", "suspicious
for lymphovascular invasion", "HER2 cannot be assessed"), split the specimen into parts
("A.", "PART 2:") and correct themselves in addenda. The extraction rules find the
mention; this module says how the report means it, from the words around it.

Speed: a report is scanned once for every keyword any rule needs (one trie-shaped
regular expression over the lower-cased text), and each rule then looks only at small
windows around its keywords. Python's `re` is slow on long alternations tried at every
character; a trie of literal stems is not. Offsets always point into the original text.
Pure: no Django import.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

AFFIRMED = "affirmed"
NEGATED = "negated"
UNCERTAIN = "uncertain"
NOT_ASSESSABLE = "not_assessable"

_NEG_BEFORE = "neg_before"
_NEG_AFTER = "neg_after"
_UNCERTAIN_BEFORE = "uncertain_before"
_UNCERTAIN_AFTER = "uncertain_after"
_UNASSESSABLE = "not_assessable"

# Cue words and the side of the mention they act on. Longer cues win over their prefixes
# ("not identified" is a cue after a mention, "not" one before it).
CUES: dict[str, str] = {
    "negative for": _NEG_BEFORE,
    "no evidence": _NEG_BEFORE,
    "no": _NEG_BEFORE,
    "not": _NEG_BEFORE,
    "without": _NEG_BEFORE,
    "free of": _NEG_BEFORE,
    "absence of": _NEG_BEFORE,
    "rule out": _NEG_BEFORE,
    "ruled out": _NEG_BEFORE,
    "nor": _NEG_BEFORE,
    "fails to": _NEG_BEFORE,
    "not identified": _NEG_AFTER,
    "not seen": _NEG_AFTER,
    "not present": _NEG_AFTER,
    "not detected": _NEG_AFTER,
    "not found": _NEG_AFTER,
    "not noted": _NEG_AFTER,
    "not observed": _NEG_AFTER,
    "not demonstrated": _NEG_AFTER,
    "absent": _NEG_AFTER,
    "negative": _NEG_AFTER,
    "none": _NEG_AFTER,
    "suspicious for": _UNCERTAIN_BEFORE,
    "suspicious of": _UNCERTAIN_BEFORE,
    "suggestive of": _UNCERTAIN_BEFORE,
    "possible": _UNCERTAIN_BEFORE,
    "possibly": _UNCERTAIN_BEFORE,
    "probable": _UNCERTAIN_BEFORE,
    "probably": _UNCERTAIN_BEFORE,
    "questionable": _UNCERTAIN_BEFORE,
    "cannot exclude": _UNCERTAIN_BEFORE,
    "cannot rule out": _UNCERTAIN_BEFORE,
    "can not exclude": _UNCERTAIN_BEFORE,
    "favor": _UNCERTAIN_BEFORE,
    "favour": _UNCERTAIN_BEFORE,
    "favored": _UNCERTAIN_BEFORE,
    "concerning for": _UNCERTAIN_BEFORE,
    "equivocal for": _UNCERTAIN_BEFORE,
    "may represent": _UNCERTAIN_BEFORE,
    "cannot be excluded": _UNCERTAIN_AFTER,
    "cannot be ruled out": _UNCERTAIN_AFTER,
    "is suspected": _UNCERTAIN_AFTER,
    "not excluded": _UNCERTAIN_AFTER,
    "cannot be assessed": _UNASSESSABLE,
    "cannot be determined": _UNASSESSABLE,
    "cannot be evaluated": _UNASSESSABLE,
    "not assessable": _UNASSESSABLE,
    "not evaluable": _UNASSESSABLE,
    "not assessed": _UNASSESSABLE,
    "not determined": _UNASSESSABLE,
    "not performed": _UNASSESSABLE,
    "indeterminate": _UNASSESSABLE,
    "insufficient": _UNASSESSABLE,
    "unable to assess": _UNASSESSABLE,
    "unable to determine": _UNASSESSABLE,
    "unable to evaluate": _UNASSESSABLE,
    "quantity not sufficient": _UNASSESSABLE,
}

_BEFORE_REACH = 45
_AFTER_REACH = 40
_COPULA = re.compile(r"^[\s:,\-()]*(?:(?:is|are|was|were)\s+)?$")


def trie_pattern(stems: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any stem at a word start, shaped as a trie so it stays fast."""
    trie: dict[str, dict] = {}
    for stem in stems:
        node = trie
        for char in stem:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return re.compile(r"(?<![a-z])" + emit(trie))


def lowered(text: str) -> str:
    """Lower-cased text of exactly the same length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


_STOP = re.compile(r"[.;\n](?=\s|$)")
_LETTER_HEADER = re.compile(r"\(?(?P<letter>[A-H])[.)](?=\s+[A-Z][A-Za-z]{2,})")
_LETTER_AFTER_STOP = re.compile(
    r"[.:;\n] ?(?P<header>\(?(?P<letter>[A-H])[.)])(?=\s+[A-Z][A-Za-z]{2,})"
)
_SENTENCE_REACH = 160
_NAMED_HEADER = re.compile(r"(?:part|specimen)\s*#?\s*(?P<number>\d{1,2}|[a-h])\b\s*[:.)\-]")
_ADDENDUM_HEADER = re.compile(
    r"(?:addendum(?:\s+(?:diagnosis|report|comment))?|amended\s+(?:report|diagnosis)"
    r"|revised\s+(?:report|diagnosis)|corrected\s+(?:report|diagnosis)"
    r"|supplemental\s+report)\s*(?:#\s*\d+\s*)?[:.\-]"
)
LAYOUT_STEMS = ("part", "specimen", "addendum", "amended", "revised", "corrected", "supplemental")


class Vocabulary:
    """Every keyword the rules anchor on, compiled once into one trie-shaped regex."""

    def __init__(self, stems: Iterable[str]) -> None:
        unique = sorted(set(stems) | set(CUES))
        self.pattern = trie_pattern(unique)
        # The scan records the longest stem at a position; a rule asking for "renal" must
        # also see the hits of "renal cell".
        self.expand: dict[str, tuple[str, ...]] = {
            stem: tuple(other for other in unique if other.startswith(stem)) for stem in unique
        }


class ReportContext:
    """One report, lower-cased once, with its keyword hits, sentence stops, parts and addenda."""

    def __init__(self, text: str, vocabulary: Vocabulary) -> None:
        self.text = text
        self.low = lowered(text)
        self.vocabulary = vocabulary
        self.hits: dict[str, list[int]] = {}
        cue_positions: list[tuple[int, int, str]] = []
        hits = self.hits
        low = self.low
        size = len(low)
        for match in vocabulary.pattern.finditer(low):
            stem = match.group()
            start = match.start()
            if stem in hits:
                hits[stem].append(start)
            else:
                hits[stem] = [start]
            role = CUES.get(stem)
            if role:
                end = start + len(stem)
                if end >= size or not low[end].isalpha():
                    cue_positions.append((start, end, role))
        self._cue_starts = [start for start, _, _ in cue_positions]
        self._cues = cue_positions
        self.part_starts: list[int] = []
        self.part_labels: list[str] = []
        self._find_parts()
        self.addendum_starts = [
            match.start()
            for position in self.positions(
                ("addendum", "amended", "revised", "corrected", "supplemental")
            )
            if (match := _ADDENDUM_HEADER.match(self.low, position))
        ]

    def _find_parts(self) -> None:
        """Part headers: "A." or "(B)" opening a line or sentence, or "Part 2:", "Specimen A:"."""
        headers: dict[int, str] = {}
        first = _LETTER_HEADER.match(self.text)
        if first:
            headers[0] = first.group("letter")
        for match in _LETTER_AFTER_STOP.finditer(self.text):
            headers[match.start("header")] = match.group("letter")
        for position in self.positions(("part", "specimen")):
            match = _NAMED_HEADER.match(self.low, position)
            if match:
                headers[position] = match.group("number").upper()
        for position in sorted(headers):
            self.part_starts.append(position)
            self.part_labels.append(headers[position])

    def _word_ends(self, position: int) -> bool:
        return position >= len(self.low) or not self.low[position].isalpha()

    def word_positions(self, stems: Iterable[str]) -> list[int]:
        """Hits where the stem is a whole word ("met", not "metastatic")."""
        return sorted(
            position
            for stem in stems
            for position in self.hits.get(stem, ())
            if self._word_ends(position + len(stem))
        )

    def positions(self, stems: Iterable[str]) -> list[int]:
        found: list[int] = []
        expand = self.vocabulary.expand
        for stem in stems:
            for longer in expand.get(stem, (stem,)):
                found.extend(self.hits.get(longer, ()))
        return sorted(set(found))

    def windows(self, positions: list[int], before: int, after: int) -> Iterator[tuple[int, int]]:
        """Merged spans around the given hits, to run a rule's regex only there."""
        low_end, high_end = -1, -1
        for position in positions:
            start, end = max(0, position - before), min(len(self.text), position + after)
            if start <= high_end:
                high_end = max(high_end, end)
                continue
            if high_end > 0:
                yield low_end, high_end
            low_end, high_end = start, end
        if high_end > 0:
            yield low_end, high_end

    def finditer(
        self,
        pattern: re.Pattern[str],
        positions: list[int],
        before: int,
        after: int,
        lower: bool = False,
    ) -> Iterator[re.Match[str]]:
        """Matches of `pattern` in windows around the hits, each match once, in text order."""
        source = self.low if lower else self.text
        last_end = -1
        for start, end in self.windows(positions, before, after):
            for match in pattern.finditer(source, start, end):
                if match.start() >= last_end:
                    last_end = match.end()
                    yield match

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The clause around a mention, capped so a run-on OCR line is not one sentence."""
        text = self.text
        left_limit = max(0, start - _SENTENCE_REACH)
        left = left_limit
        for match in _STOP.finditer(text, left_limit, start):
            left = match.start() + 1
        after = _STOP.search(text, end, min(len(text), end + _SENTENCE_REACH))
        right = after.start() if after else min(len(text), end + _SENTENCE_REACH)
        return left, right

    def certainty(self, start: int, end: int) -> str:
        """How the report means the mention at text[start:end], from cue words near it."""
        left, right = self.sentence(start, end)
        left = max(left, start - _BEFORE_REACH)
        right = min(right, end + _AFTER_REACH)
        first = bisect_left(self._cue_starts, left)
        last = bisect_right(self._cue_starts, right)
        roles: set[str] = set()
        for cue_start, cue_end, role in self._cues[first:last]:
            if cue_end <= start:
                if role in (_NEG_BEFORE, _UNCERTAIN_BEFORE, _UNASSESSABLE):
                    roles.add(role)
                elif role == _NEG_AFTER and self.low.startswith(" to ", cue_end):
                    # "is not seen to extend beyond the pancreas": the denial governs the
                    # verb that follows it, and so the mention after that.
                    roles.add(_NEG_BEFORE)
            elif cue_start >= end:
                gap = self.low[end:cue_start]
                after_roles = (_UNCERTAIN_AFTER, _UNASSESSABLE)
                if role in after_roles or (role == _NEG_AFTER and _COPULA.match(gap)):
                    roles.add(role)
                elif (
                    role == _NEG_BEFORE
                    and _COPULA.match(gap)
                    and self.low[cue_start:cue_end] in ("no", "not")
                ):
                    roles.add(_NEG_AFTER)
        if _UNASSESSABLE in roles:
            return NOT_ASSESSABLE
        if roles & {_UNCERTAIN_BEFORE, _UNCERTAIN_AFTER}:
            return UNCERTAIN
        if roles & {_NEG_BEFORE, _NEG_AFTER}:
            return NEGATED
        return AFFIRMED

    def part_at(self, position: int) -> str:
        index = bisect_right(self.part_starts, position) - 1
        return self.part_labels[index] if index >= 0 else ""

    def addendum_at(self, position: int) -> int:
        """0 in the original report, n inside the n-th addendum (a later one wins)."""
        return bisect_right(self.addendum_starts, position)
