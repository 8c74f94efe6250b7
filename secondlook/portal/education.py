"""Education articles written by the team, kept as plain text files beside this module.

Each file has a short header (title, the OncoTree tissues it is for or `*` for all, the
stages of the journey it fits), a `---` line, then paragraphs, `## ` headings and `- `
bullet lists. Keeping them as files lets the team edit them in review like code, and
lets a test measure every article's reading grade (target: grade 8 or lower).
Pure module: no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

ARTICLES_DIR = Path(__file__).resolve().parent / "education"
ALL_TISSUES = "*"


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


def parse_article(slug: str, text: str) -> Article:
    header, _, body = text.partition("\n---\n")
    fields = dict(line.split(":", 1) for line in header.strip().splitlines())
    fields = {key.strip(): value.strip() for key, value in fields.items()}
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
    return Article(
        slug=slug,
        title=fields["title"],
        tissues=_split(fields.get("tissues", ALL_TISSUES)),
        stages=_split(fields["stages"]),
        blocks=tuple(blocks),
    )


@cache
def all_articles() -> tuple[Article, ...]:
    return tuple(
        parse_article(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(ARTICLES_DIR.glob("*.md"))
    )


def article_by_slug(slug: str) -> Article | None:
    return next((article for article in all_articles() if article.slug == slug), None)


def articles_for(*, tissue: str, stage: str) -> list[Article]:
    """Articles for this cancer and this moment, the cancer-type ones first."""
    fitting = [article for article in all_articles() if article.fits(tissue=tissue, stage=stage)]
    return sorted(fitting, key=lambda article: (not article.is_for_a_cancer_type, article.title))
