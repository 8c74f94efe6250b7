"""A patient's facts read from a free-text description (pure).

Referral letters and benchmark topics describe the patient in prose ("A 58-year-old
woman with EGFR-mutant lung adenocarcinoma, ECOG 1, progressed on osimertinib"). The
matcher needs age, sex, cancer type, stage, biomarkers, ECOG, prior therapies and brain
metastases from that prose; this module reads them with plain patterns and, when the
project's report extractor is installed, adds what it finds. Sentences that deny a
finding ("denies smoking, diabetes") are kept out of the search text so the matcher
does not look for trials about what the patient does not have.
"""

from __future__ import annotations

import re
from dataclasses import replace

from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.trials.vocabulary import (
    BIOMARKER_PATTERN,
    CANCER_FAMILIES,
    THERAPY_CLASSES,
    canonical_biomarker,
)

_AGE = (
    re.compile(r"\b(\d{1,3})[- ]?(year|yr|month|mo|week|wk|day)s?[- ]old\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,3})\s*(?:yo|y/o|y\.o\.|yr old)\b", re.IGNORECASE),
    re.compile(r"\bage[ds]?\s*:?\s*(\d{1,3})\b", re.IGNORECASE),
    re.compile(
        r"\b(\d{1,3})[- ]?(year|yr)s?\s+(?:man|woman|male|female|boy|girl)\b", re.IGNORECASE
    ),
    re.compile(
        r"^\s*(?:pt|patient)?\s*(?:is\s+an?\s+)?(\d{1,3})\s*(?:m|f|male|female|man|woman)\b",
        re.IGNORECASE,
    ),
)
_FEMALE = re.compile(
    r"\b(she|her|hers|woman|women|female|girl|lady|mother|mrs|ms|f)\b", re.IGNORECASE
)
_MALE = re.compile(r"\b(he|his|him|man|male|boy|gentleman|father|mr|m)\b", re.IGNORECASE)
# How a note introduces its patient: "a 62 yo male", "74M", "a 53-year-old man".
_INTRODUCED_AS = re.compile(
    r"\b(woman|female|girl|lady|man|male|boy|gentleman)\b|\d\s*(?:yo|y/o|y\.o\.)?\s*([MF])\b",
    re.IGNORECASE,
)
_FEMALE_NOUNS = frozenset({"woman", "female", "girl", "lady", "f"})
_NEGATION = re.compile(
    r"\b(?:denies|denied|deny|denying|no (?:prior |previous |past |known )?history of"
    r"|no evidence of|negative for|absence of|free of|without"
    r"|family history of|no|not|never)\b",
    re.IGNORECASE,
)
# Where a denial stops applying (NegEx termination terms): the clause ends, or the
# sentence turns to what the patient does have ("denies trauma but reports ...").
_NEGATION_END = re.compile(
    r"[.;:!?()]|\b(?:but|however|although|though|except|apart from|aside from|yet|"
    r"who|which|whose|presents?|presented|presenting|complains?|complained|reports?|"
    r"reported|is|was|are|were|has|had|have|now|then|since|after|because|due to)\b",
    re.IGNORECASE,
)
# A relative's illness told in the patient's note ("Her husband was recently diagnosed
# with colon cancer"): from the relative to the end of the sentence is not the patient's.
_RELATIVE = re.compile(
    r"\b(?:her|his|their|patient's)\s+(?:husband|wife|partner|mother|father|sisters?"
    r"|brothers?|sons?|daughters?|parents?|siblings?|grandmother|grandfather|aunt|uncle"
    r"|cousins?)\b[^.;!?\n]*",
    re.IGNORECASE,
)
# How close (in characters, within one sentence) an organ must be to a word for cancer
# to name the patient's cancer: "papillary thyroid cancer", "adenocarcinoma of the lung".
_CANCER_WINDOW = 40
_SENTENCE_BREAK = re.compile(r"[.;!?\n]")
_STAGE = re.compile(r"\bstage\s+(IV|I{1,3}|[1-4])([ABC]?)\b", re.IGNORECASE)
_ECOG = re.compile(r"\b(?:ecog|performance status|ps)\s*(?:of|=|:)?\s*([0-4])\b", re.IGNORECASE)
_BRAIN_METS = re.compile(r"\b(brain|cerebral|cns)\s+(metasta\w*|lesions?)\b", re.IGNORECASE)
_POSITIVE = re.compile(
    r"\b(positive|mutat\w*|mutant|amplif\w*|fusion|rearrange\w*|overexpress\w*|high|deletion|insertion|[A-Z]\d{2,4}[A-Z])\b|\+",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"\b(negative|wild[- ]type|not detected|absent|low)\b|-(?!\w)", re.IGNORECASE
)
_CANCER = re.compile(
    r"\b(cancers?|carcinomas?|adenocarcinomas?|tumou?rs?|malignan\w*|neoplas\w*|metasta\w*"
    r"|oncolog\w*|lymphomas?|leuka?emias?|myelomas?|melanomas?|sarcomas?|gliomas?"
    r"|glioblastomas?|astrocytomas?|mesotheliomas?|nsclc|sclc|hcc|gbm|dlbcl|aml|hnscc|rcc|crpc)\b",
    re.IGNORECASE,
)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_UNIT_YEARS = {"y": 1.0, "m": 1 / 12, "w": 1 / 52, "d": 1 / 365}


def age_in_years(text: str) -> float | None:
    for pattern in _AGE:
        match = pattern.search(text)
        if match:
            unit = match.group(2).lower()[0] if match.lastindex and match.lastindex >= 2 else "y"
            return round(int(match.group(1)) * _UNIT_YEARS.get(unit, 1.0), 2)
    return None


def sex_of(text: str) -> str:
    """'female', 'male' or '' — as the first sentence introduces the patient.

    Without a word for the patient's sex there ("a 62 yo male"), by which pronouns and
    nouns the description uses more: a later "she" may be the patient's doctor or wife,
    and "f/u" is no "F".
    """
    opening = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    introduced = _INTRODUCED_AS.search(opening)
    if introduced:
        word = (introduced.group(1) or introduced.group(2)).lower()
        return "female" if word in _FEMALE_NOUNS else "male"
    female = len(_FEMALE.findall(text))
    male = len(_MALE.findall(text))
    if female > male:
        return "female"
    if male > female:
        return "male"
    return ""


def affirmed_text(text: str) -> str:
    """The description without what it denies.

    A denial covers the words after it up to the end of its clause or a word that turns
    the sentence back to the patient's findings, so "a woman with no past medical history
    presents with arm pain" keeps the arm pain and "no fever, cough or rash" drops all
    three. A relative's illness ("family history of heart disease") is dropped the same
    way: it is not the patient's.
    """
    kept: list[str] = []
    position = 0
    for negation in _NEGATION.finditer(text):
        if negation.start() < position:
            continue
        kept.append(text[position : negation.start()])
        end = _NEGATION_END.search(text, negation.end())
        position = end.start() if end else len(text)
    kept.append(text[position:])
    return " ".join(" ".join(kept).split())


def own_findings(text: str) -> str:
    """The affirmed description without what it tells of relatives: whose cancer it is."""
    return " ".join(_RELATIVE.sub(" ", affirmed_text(text)).split())


def biomarkers_in(text: str, *, source: str = "patient text") -> tuple[Biomarker, ...]:
    found: dict[str, Biomarker] = {}
    for match in BIOMARKER_PATTERN.finditer(text):
        raw = match.group(1)
        name = canonical_biomarker(raw)
        if name in ("ER", "PR", "AR", "MET", "ALL", "HR") and not raw.isupper():
            continue
        after = text[match.end() : match.end() + 30]
        if _NEGATIVE.match(after.strip()[:20]) or _NEGATIVE.search(after[:14]):
            status = "negative"
        elif _POSITIVE.search(after[:30]):
            status = "positive"
        else:
            continue
        found.setdefault(name, Biomarker(name=name, status=status, source=source))
    return tuple(found.values())


def prior_therapies_in(text: str) -> tuple[str, ...]:
    lowered = affirmed_text(text).lower()
    return tuple(
        therapy_class
        for therapy_class, words in THERAPY_CLASSES.items()
        if any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in words)
    )


def cancer_type_code_in(text: str) -> str:
    """An OncoTree code for the cancer the description names first, '' when none.

    An organ alone is no cancer ("an 18-week sized uterus", "a neurogenic bladder"): a
    family counts only where the organ stands next to a word for cancer in the same
    sentence ("metastatic papillary thyroid cancer") or is a cancer's own name
    ("multiple myeloma"). Of several, the one named first is the patient's main cancer;
    a laryngeal nerve near a thyroid tumour further down does not make it head and neck.
    """
    affirmed = own_findings(text)
    cancer_words = [m.span() for m in _CANCER.finditer(affirmed)]
    lowered = affirmed.lower()
    first: tuple[int, str] | None = None
    for codes, phrases in CANCER_FAMILIES.values():
        for phrase in phrases:
            for found in re.finditer(re.escape(phrase), lowered):
                if any(_near(affirmed, found.span(), span) for span in cancer_words) and (
                    first is None or found.start() < first[0]
                ):
                    first = (found.start(), codes[0])
    return first[1] if first else ""


def _near(text: str, organ: tuple[int, int], cancer: tuple[int, int]) -> bool:
    """Whether an organ and a word for cancer are one phrase: close, with no sentence end."""
    start, end = min(organ[0], cancer[0]), max(organ[1], cancer[1])
    gap = max(organ[0], cancer[0]) - min(organ[1], cancer[1])
    return gap <= _CANCER_WINDOW and not _SENTENCE_BREAK.search(text, start, end)


def facts_from_text(text: str) -> DiagnosisFacts:
    """The structured facts a free-text description states; unknown stays unknown."""
    age = age_in_years(text)
    stage = _STAGE.search(text)
    ecog = _ECOG.search(text)
    brain = _BRAIN_METS.search(affirmed_text(text))
    source = "patient text"
    facts = DiagnosisFacts(
        cancer_type_code=cancer_type_code_in(text),
        stage_group=(_ROMAN.get(stage.group(1), stage.group(1).upper()) + stage.group(2).upper())
        if stage
        else "",
        biomarkers=biomarkers_in(text, source=source),
        age=int(age) if age is not None else None,
        sex=sex_of(text),
        ecog=int(ecog.group(1)) if ecog else None,
        prior_therapies=prior_therapies_in(text),
        brain_metastases=True if brain else None,
        sources={
            name: source for name in ("age", "sex", "cancer_type_code", "stage_group", "ecog")
        },
    )
    return _with_extractor(text, facts)


def _with_extractor(text: str, facts: DiagnosisFacts) -> DiagnosisFacts:
    """Fill gaps from the project's report extractor when it is installed.

    The extractor reads pathology language (histology, TNM, biomarker panels) better
    than the patterns above; what the patterns found first is kept. It reads every
    text as a cancer report, so its cancer type is taken only when the description
    speaks of a cancer: a cirrhotic liver or an enlarged prostate is no tumour.
    """
    try:
        from secondlook.oncology.extraction import extract
    except ImportError:
        return facts
    result = extract(text)
    code = facts.cancer_type_code
    if not code and _CANCER.search(own_findings(text)):
        code = getattr(result, "cancer_type_code", "")
    known = {b.name for b in facts.biomarkers}
    extra = tuple(
        fact.biomarker
        for fact in result.current("biomarker")
        if fact.biomarker is not None and fact.biomarker.name.upper() not in known
    )
    return replace(facts, cancer_type_code=code, biomarkers=facts.biomarkers + extra)
