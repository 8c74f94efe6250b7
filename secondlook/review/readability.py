"""Reading grade of a generated patient summary, measured with textstat (no Django import).

The rule is the same in both languages: textstat's Flesch–Kincaid grade level (US school
grade, 0.39 × words per sentence + 11.8 × syllables per word − 15.59) is 8 or lower.
Beside it the author sees a reading ease built for the language: Flesch reading ease for
English, Fernández-Huerta for Spanish (both 0–100, higher is easier; 60 and above reads
as plain). Flesch–Kincaid was fitted to English; Spanish words carry more syllables, so
the same Spanish text scores a higher grade than its English twin. Holding Spanish to
grade 8 anyway keeps one rule for both summaries (the Spanish templates are written for
it), and Fernández-Huerta shows the author the Spanish-specific view of the same text.

Spanish is measured by textstat itself (`set_lang("es")`: Pyphen's Spanish patterns
count the syllables), on a textstat instance of its own, so setting the language is never
shared between threads.

English is textstat's Flesch–Kincaid formula over textstat's own word and sentence counts,
with syllables counted by Pyphen (en_US), the fallback textstat itself uses for a word it
cannot look up — because textstat's own English grade cannot run on a server without
internet access. For any English language code, textstat 0.7.13 counts syllables with
the CMU Pronouncing Dictionary: `get_cmudict` calls `nltk.data.find("corpora/cmudict")`
and, when the corpus is absent, `nltk.download("cmudict")` — a network fetch into the
server account's home directory — and raises `LookupError` when the fetch fails. No
installed package ships the corpus. The grade must not depend on whether a download
once happened; tests pin that this English grade equals textstat's own Flesch–Kincaid
whenever textstat counts syllables with Pyphen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textstat.backend.counts import count_sentences, count_words
from textstat.backend.selections import list_words
from textstat.backend.utils import get_pyphen
from textstat.textstat import textstatistics

TARGET_GRADE = 8.0
GRADE_FORMULA = "Flesch–Kincaid grade"


@dataclass(frozen=True)
class Readability:
    language: str
    grade: float
    grade_formula: str
    ease: float
    ease_formula: str

    @property
    def within_target(self) -> bool:
        return self.grade <= TARGET_GRADE


def measure(text: str, language: str) -> Readability:
    """The Flesch–Kincaid grade and the language's reading ease of `text` ('en' or 'es')."""
    if language == "es":
        return _measure_spanish(text)
    return _measure_english(text)


def _measure_spanish(text: str) -> Readability:
    stats = textstatistics()
    stats.set_lang("es")
    return Readability(
        language="es",
        grade=round(float(stats.flesch_kincaid_grade(text)), 1),
        grade_formula=GRADE_FORMULA,
        ease=round(float(stats.fernandez_huerta(text)), 1),
        ease_formula="Fernández-Huerta reading ease",
    )


def _measure_english(text: str) -> Readability:
    words = count_words(text)
    if words == 0:
        return Readability("en", 0.0, GRADE_FORMULA, 100.0, "Flesch reading ease")
    sentences = max(count_sentences(text), 1)
    hyphenator = get_pyphen("en_US")
    syllables = sum(
        len(hyphenator.positions(word)) + 1 for word in list_words(text, lowercase=True)
    )
    per_sentence = words / sentences
    per_word = syllables / words
    return Readability(
        language="en",
        grade=round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1),
        grade_formula=GRADE_FORMULA,
        ease=round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        ease_formula="Flesch reading ease",
    )
