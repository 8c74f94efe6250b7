"""Reading grade of a generated patient summary, measured with textstat (no Django import).

English: the Flesch–Kincaid grade level (US school grade); the target is 8 or lower.
Spanish: textstat's Crawford formula, built for Spanish, gives the years of schooling
needed — read as a school grade, the same target of 8 applies — and the
Fernández-Huerta reading ease (0–100, higher is easier; 60+ is "normal" difficulty) is
shown beside it. Flesch–Kincaid is not used for Spanish: its weights were fitted to
English syllable counts and overstate Spanish difficulty.

English syllables are counted with textstat's own hyphenation fallback (Pyphen, en_US)
rather than its CMU dictionary, which textstat downloads through NLTK at first use — a
hospital server has no such download, and the grade must not depend on whether it
happened. Sentences and words are counted by textstat; the formula is textstat's
Flesch–Kincaid (0.39 × words per sentence + 11.8 × syllables per word − 15.59). On
plain texts the Pyphen count runs slightly above the dictionary count, so the grade
errs on the strict side.

Spanish uses textstat's own Spanish functions on a textstat instance of its own, so
setting the language is never shared between threads.
"""

from __future__ import annotations

from dataclasses import dataclass

from textstat.backend.counts import count_sentences, count_words
from textstat.backend.selections import list_words
from textstat.backend.utils import get_pyphen
from textstat.textstat import textstatistics

TARGET_GRADE = 8.0


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
    """The reading grade and ease of `text` ('en' or 'es')."""
    if language == "es":
        stats = textstatistics()
        stats.set_lang("es")
        return Readability(
            language="es",
            grade=round(float(stats.crawford(text)), 1),
            grade_formula="Crawford (Spanish)",
            ease=round(float(stats.fernandez_huerta(text)), 1),
            ease_formula="Fernández-Huerta reading ease",
        )
    words = count_words(text)
    sentences = max(count_sentences(text), 1)
    if words == 0:
        return Readability("en", 0.0, "Flesch–Kincaid grade", 100.0, "Flesch reading ease")
    hyphenator = get_pyphen("en_US")
    syllables = sum(
        len(hyphenator.positions(word)) + 1 for word in list_words(text, lowercase=True)
    )
    per_sentence = words / sentences
    per_word = syllables / words
    return Readability(
        language="en",
        grade=round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1),
        grade_formula="Flesch–Kincaid grade",
        ease=round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        ease_formula="Flesch reading ease",
    )
