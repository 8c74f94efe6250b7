"""Education articles written by the team, kept as plain text files beside this module.

Each file has a short header (title, the OncoTree tissues it is for or `*` for all, the
stages of the journey it fits), a `---` line, then paragraphs, `## ` headings and `- `
bullet lists. Keeping them as files lets the team edit them in review like code, and
lets a test measure every article's reading grade (target: grade 8 or lower).

Spanish versions live in `education/es/` under the same file name. Their header holds
only the title: which cancers and which stages an article fits is decided once, in the
English file, so the two languages can never drift apart on who sees what. An English
article not yet translated is shown in English (marked `lang="en"`) rather than hidden.
Pure module: no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

ARTICLES_DIR = Path(__file__).resolve().parent / "education"
ALL_TISSUES = "*"
TRANSLATED_LANGUAGES = frozenset({"es"})


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "h2" or "ul"
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    tissues: frozenset[str]
    stages: frozenset[str]
    blocks: tuple[Block, ...]
    language: str = "en"

    @property
    def plain_text(self) -> str:
        parts = [self.title + "."]
        for block in self.blocks:
            parts.extend([block.text] if block.kind != "ul" else list(block.items))
        return "\n".join(parts)

    def fits(self, *, tissue: str, stage: str) -> bool:
        return stage in self.stages and (ALL_TISSUES in self.tissues or tissue in self.tissues)

    @property
    def is_for_a_cancer_type(self) -> bool:
        return ALL_TISSUES not in self.tissues


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def _header(text: str) -> tuple[dict[str, str], str]:
    header, _, body = text.partition("\n---\n")
    fields = dict(line.split(":", 1) for line in header.strip().splitlines())
    return {key.strip(): value.strip() for key, value in fields.items()}, body


def _blocks(body: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for chunk in body.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            blocks.append(Block("h2", text=lines[0][3:]))
            lines = lines[1:]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append(Block("ul", items=tuple(line[2:] for line in lines)))
        elif lines:
            blocks.append(Block("p", text=" ".join(lines)))
    return tuple(blocks)


def parse_article(slug: str, text: str) -> Article:
    fields, body = _header(text)
    return Article(
        slug=slug,
        title=fields["title"],
        tissues=_split(fields.get("tissues", ALL_TISSUES)),
        stages=_split(fields["stages"]),
        blocks=_blocks(body),
    )


def parse_translation(english: Article, text: str, *, language: str) -> Article:
    """A translated article: its own title and words, the English article's audience."""
    fields, body = _header(text)
    return Article(
        slug=english.slug,
        title=fields["title"],
        tissues=english.tissues,
        stages=english.stages,
        blocks=_blocks(body),
        language=language,
    )


@cache
def all_articles() -> tuple[Article, ...]:
    """The English articles: the reference set every language follows."""
    return tuple(
        parse_article(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(ARTICLES_DIR.glob("*.md"))
    )


@cache
def translations(language: str) -> dict[str, Article]:
    """The articles written in `language`, by slug (English articles have no translation)."""
    folder = ARTICLES_DIR / language
    if language not in TRANSLATED_LANGUAGES or not folder.is_dir():
        return {}
    english = {article.slug: article for article in all_articles()}
    return {
        path.stem: parse_translation(
            english[path.stem], path.read_text(encoding="utf-8"), language=language
        )
        for path in sorted(folder.glob("*.md"))
        if path.stem in english
    }


def articles_in(language: str) -> tuple[Article, ...]:
    """Every article, in `language` where the team has written it, else in English."""
    written = translations(language)
    return tuple(written.get(article.slug, article) for article in all_articles())


def article_by_slug(slug: str, *, language: str = "en") -> Article | None:
    return next((article for article in articles_in(language) if article.slug == slug), None)


def articles_for(*, tissue: str, stage: str, language: str = "en") -> list[Article]:
    """Articles for this cancer and this moment, the cancer-type ones first."""
    fitting = [
        article for article in articles_in(language) if article.fits(tissue=tissue, stage=stage)
    ]
    return sorted(fitting, key=lambda article: (not article.is_for_a_cancer_type, article.title))
