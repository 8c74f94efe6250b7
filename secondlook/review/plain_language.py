"""The patient summary, generated from the opinion's structured content (no Django import).

Never a copy of the clinician letter: every sentence comes from a template chosen by a
structured field (verdict, concordance grade, stage, plan and test keys), so the
wording stays short and plain whatever the letter says, and the English and Spanish
versions say the same thing. Each medical word used is explained in a small glossary.
The patient's own words are quoted as they wrote them and are not part of the measured
text (we do not rewrite them).

A list of treatments, tests or support needs is said in several short sentences ("We
suggest surgery, chemo and radiation. We also suggest …"), each with at most three items
and, after its first item, at most six words of items: plain-language guidance keeps
sentences short, and a plan of six treatments said in one sentence would be the longest
sentence of the summary.

The Flesch–Kincaid grade weighs syllables per word far more than words per sentence
(11.8 against 0.39), and Spanish words carry more syllables than English ones, so the
Spanish templates say things with the short everyday words a Spanish speaker uses
("Su diagnóstico es el mismo", "le quitan el cáncer en una operación", "rayos",
"quimio", "pruebas de sangre", "comer bien") rather than translating the English
sentence word for word; both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from secondlook.oncology.oncotree import BY_CODE

LIST_ITEMS_PER_SENTENCE = 3
LIST_WORDS_PER_SENTENCE = 6


@dataclass(frozen=True)
class SummaryInput:
    language: str
    cancer_type_code: str
    verdict: str
    concordance: str = ""
    stage: str = ""
    recommended: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    supportive: tuple[str, ...] = ()
    trials_offered: bool = False
    reviewer_count: int = 1
    board_agreed: bool = False
    patient_goal: str = ""
    follow_up_questions: int = 3


@dataclass(frozen=True)
class Section:
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class PatientSummary:
    language: str
    title: str
    sections: tuple[Section, ...]
    quote: str
    glossary: tuple[tuple[str, str], ...]
    glossary_heading: str

    @property
    def measured_text(self) -> str:
        """Generated sentences and glossary lines: what the reading grade is measured on."""
        lines = [" ".join(section.sentences) for section in self.sections]
        lines += [f"{term}: {meaning}" for term, meaning in self.glossary]
        return "\n".join(lines)

    def as_text(self) -> str:
        """The stored, printable form: headings, paragraphs, the quote, the glossary."""
        parts = [self.title]
        for section in self.sections:
            parts.append(f"{section.heading}\n{' '.join(section.sentences)}")
            if section is self.sections[0] and self.quote:
                parts.append(f"“{self.quote}”")
        if self.glossary:
            glossary = "\n".join(f"{term}: {meaning}" for term, meaning in self.glossary)
            parts.append(f"{self.glossary_heading}\n{glossary}")
        return "\n\n".join(parts)


_EN: dict[str, object] = {
    "title": "Your second opinion in plain words",
    "found": "What we found",
    "suggest": "What we suggest",
    "team": "Who looked at your case",
    "next": "What to do next",
    "glossary": "Words we used",
    "verdict": {
        "confirmed": "We looked again at your tests. We agree with your first diagnosis.",
        "refined": "We agree with your first diagnosis. We changed some details about how far "
        "it has grown.",
        "changed": "We looked again at your tests. We do not agree with your first diagnosis.",
        "undetermined": "We cannot be sure of your diagnosis yet. We need more tests first.",
    },
    "cancer": "You have {name}.",
    "stage": "Your cancer is stage {stage}.",
    "concordance": {
        "none": "Our findings match your first report.",
        "minor": "We found a small change. It does not change your care.",
        "major": "We found a big change. It changes your care.",
    },
    "goal_intro": "You told us what matters most to you. We kept it in mind.",
    "recommend": "We suggest {items}.",
    "recommend_more": "We also suggest {items}.",
    "alternative": "You could also choose {items}.",
    "alternative_more": "Or you could choose {items}.",
    "tests": "Before you start, please get {items}.",
    "tests_more": "Please also get {items}.",
    "trial": "A research study may be right for you. Ask us about it.",
    "support": "We can also help you with {items}.",
    "support_more": "And we can help with {items}.",
    "reviewers": "{count} doctors looked at your case.",
    "one_reviewer": "A cancer doctor looked at your case.",
    "board": "A team of cancer doctors met. They agreed on this plan.",
    "talk": "Talk about this plan with your own doctor.",
    "ask": "You can ask us {count} more questions in your portal.",
    "ask_none": "Call your navigator if you have more questions.",
    "and": "and",
    "names": {
        "Breast": "breast cancer",
        "Lung": "lung cancer",
        "Bowel": "cancer of the colon or rectum",
        "Pancreas": "cancer of the pancreas",
        "Esophagus/Stomach": "cancer of the stomach or food pipe",
        "Liver": "liver cancer",
        "Uterus": "cancer of the womb",
        "Cervix": "cancer of the cervix",
        "Ovary/Fallopian Tube": "cancer of the ovary",
        "Prostate": "prostate cancer",
        "Bladder/Urinary Tract": "bladder cancer",
        "Kidney": "kidney cancer",
        "Head and Neck": "cancer of the head or neck",
        "Thyroid": "thyroid cancer",
        "Skin": "skin cancer",
        "Lymphoid": "cancer of the lymph system",
        "Myeloid": "blood cancer",
        "CNS/Brain": "a brain tumor",
        "Soft Tissue": "a cancer of soft tissue",
    },
    "any_cancer": "cancer",
    "modality": {
        "surgery": "surgery",
        "chemotherapy": "chemo",
        "radiation": "radiation",
        "brachytherapy": "radiation from inside the body",
        "immunotherapy": "immune therapy",
        "targeted": "targeted drugs",
        "hormone": "hormone therapy",
        "surveillance": "watching closely with regular checks",
        "clinical_trial": "a research study",
        "stem_cell": "a stem cell transplant",
        "palliative": "care to ease your symptoms",
    },
    "test": {
        "ct": "a CT scan",
        "mri": "an MRI scan",
        "pet": "a PET scan",
        "biopsy": "a biopsy",
        "genetic": "a gene test",
        "tumor_markers": "a test of your tumor's genes",
        "blood": "blood tests",
    },
    "support_names": {
        "nutrition": "eating well",
        "pain": "pain",
        "emotional": "worry or stress",
        "social_work": "rides or needs at home",
        "spiritual": "your faith",
        "fertility": "your chance to have children later",
        "financial": "the cost of care",
    },
    "terms": {
        "stage": ("Stage", "how big the cancer is and how far it has spread."),
        "surgery": ("Surgery", "an operation to take out the cancer."),
        "chemotherapy": ("Chemo", "drugs that kill cancer cells."),
        "radiation": ("Radiation", "strong X-rays that kill cancer cells."),
        "brachytherapy": (
            "Radiation from inside",
            "a small source of rays put in for a short time.",
        ),
        "immunotherapy": ("Immune therapy", "drugs that help your body fight the cancer."),
        "targeted": ("Targeted drugs", "drugs that attack one weak spot of the cancer."),
        "hormone": ("Hormone therapy", "drugs that block the hormones a cancer needs to grow."),
        "clinical_trial": ("Research study", "a test of a new care plan. You choose if you join."),
        "stem_cell": ("Stem cell transplant", "new blood-making cells given after strong drugs."),
        "palliative": ("Care to ease symptoms", "care that helps you feel better at any stage."),
        "ct": ("CT scan", "X-ray pictures of the inside of your body."),
        "mri": ("MRI scan", "pictures made with a strong magnet."),
        "pet": ("PET scan", "a scan that shows where cancer cells are busy."),
        "biopsy": ("Biopsy", "a small piece of tissue taken to look at."),
        "genetic": ("Gene test", "a blood test for changes in genes you were born with."),
        "tumor_markers": ("Test of your tumor's genes", "it helps pick the right drug."),
    },
}

_ES: dict[str, object] = {
    "title": "Su segunda opinión en palabras simples",
    "found": "Lo que encontramos",
    "suggest": "Lo que sugerimos",
    "team": "Quién vio su caso",
    "next": "Qué hacer ahora",
    "glossary": "Palabras que usamos",
    "verdict": {
        "confirmed": "Vimos de nuevo sus pruebas. Su diagnóstico es el mismo.",
        "refined": "Su diagnóstico es el mismo. Hay un cambio en cuánto ha crecido.",
        "changed": "Vimos de nuevo sus pruebas. Su diagnóstico no es el que le dieron.",
        "undetermined": "Aún no sabemos bien qué tiene. Hacen falta más pruebas.",
    },
    "cancer": "Usted tiene {name}.",
    "stage": "Su cáncer está en etapa {stage}.",
    "concordance": {
        "none": "Lo que vimos es igual a su primer informe.",
        "minor": "Vimos un cambio pequeño. No cambia su plan.",
        "major": "Vimos un cambio grande. Sí cambia su plan.",
    },
    "goal_intro": "Nos dijo lo que más le importa. Lo tuvimos en cuenta.",
    "recommend": "Lo que le sugerimos es {items}.",
    "recommend_more": "Y también {items}.",
    "alternative": "Otra opción es {items}.",
    "alternative_more": "O bien {items}.",
    "tests": "Primero le harán {items}.",
    "tests_more": "Y también {items}.",
    "trial": "Hay un estudio que puede ser bueno para usted. Pregunte por él.",
    "support": "Le damos ayuda con {items}.",
    "support_more": "Y también con {items}.",
    "reviewers": "{count} doctores vieron su caso.",
    "one_reviewer": "Un doctor del cáncer vio su caso.",
    "board": "Un grupo de doctores del cáncer se reunió. Están de acuerdo con este plan.",
    "talk": "Hable de este plan con su doctor.",
    "ask": "Nos puede hacer {count} preguntas más en su portal.",
    "ask_none": "Si tiene dudas, llame a la persona que guía su caso.",
    "and": "y",
    "names": {
        "Breast": "cáncer de mama",
        "Lung": "cáncer de pulmón",
        "Bowel": "cáncer de colon o recto",
        "Pancreas": "cáncer de páncreas",
        "Esophagus/Stomach": "cáncer de estómago o del tubo de la comida",
        "Liver": "cáncer de hígado",
        "Uterus": "cáncer de la matriz",
        "Cervix": "cáncer de cuello de la matriz",
        "Ovary/Fallopian Tube": "cáncer de ovario",
        "Prostate": "cáncer de próstata",
        "Bladder/Urinary Tract": "cáncer de vejiga",
        "Kidney": "cáncer de riñón",
        "Head and Neck": "cáncer de cabeza o cuello",
        "Thyroid": "cáncer de tiroides",
        "Skin": "cáncer de piel",
        "Lymphoid": "cáncer de los ganglios",
        "Myeloid": "cáncer de la sangre",
        "CNS/Brain": "un tumor del cerebro",
        "Soft Tissue": "un cáncer de tejido blando",
    },
    "any_cancer": "cáncer",
    "modality": {
        "surgery": "cirugía",
        "chemotherapy": "quimio",
        "radiation": "rayos",
        "brachytherapy": "rayos desde dentro del cuerpo",
        "immunotherapy": "terapia inmune",
        "targeted": "fármacos dirigidos",
        "hormone": "terapia de hormonas",
        "surveillance": "control de cerca con citas",
        "clinical_trial": "un estudio",
        "stem_cell": "un trasplante de células madre",
        "palliative": "cuidado para que se sienta mejor",
    },
    "test": {
        "ct": "una tomografía",
        "mri": "una resonancia",
        "pet": "un PET",
        "biopsy": "una biopsia",
        "genetic": "una prueba de genes",
        "tumor_markers": "una prueba de los genes del tumor",
        "blood": "pruebas de sangre",
    },
    "support_names": {
        "nutrition": "comer bien",
        "pain": "el dolor",
        "emotional": "el miedo o el estrés",
        "social_work": "viajes o cosas de la casa",
        "spiritual": "la fe",
        "fertility": "tener hijos más tarde",
        "financial": "el costo",
    },
    "terms": {
        "stage": ("Etapa", "qué tan grande es el cáncer y si se ha ido a otra parte."),
        "surgery": ("Cirugía", "le quitan el cáncer en una operación."),
        "chemotherapy": ("Quimio", "medicinas que matan el cáncer."),
        "radiation": ("Rayos", "rayos fuertes que matan el cáncer."),
        "brachytherapy": ("Rayos desde dentro", "una fuente de rayos puesta por poco tiempo."),
        "immunotherapy": ("Terapia inmune", "ayuda a su cuerpo a luchar contra el cáncer."),
        "targeted": ("Fármacos dirigidos", "van contra un punto débil del cáncer."),
        "hormone": ("Terapia de hormonas", "frena lo que el cáncer usa para crecer."),
        "clinical_trial": ("Estudio", "se prueba un plan nuevo. Usted dice si entra o no."),
        "stem_cell": ("Trasplante", "le dan células nuevas que hacen la sangre."),
        "palliative": ("Cuidado para sentirse mejor", "le ayuda a estar bien en cualquier etapa."),
        "ct": ("Tomografía", "fotos del cuerpo por dentro con rayos X."),
        "mri": ("Resonancia", "fotos del cuerpo hechas con un imán."),
        "pet": ("PET", "una prueba que muestra dónde está el cáncer."),
        "biopsy": ("Biopsia", "un trozo de tejido que se mira de cerca."),
        "genetic": ("Prueba de genes", "busca cambios en los genes con que nació."),
        "tumor_markers": ("Prueba de los genes del tumor", "nos ayuda a elegir la mejor medicina."),
    },
}

TEMPLATES: dict[str, dict[str, object]] = {"en": _EN, "es": _ES}


def _words(table: dict[str, object], key: str) -> dict[str, str]:
    value = table[key]
    assert isinstance(value, dict)
    return value


def _join(items: list[str], conjunction: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _sentence(template: str, **values: object) -> str:
    return template.format(**values)


def _chunks(items: list[str]) -> list[list[str]]:
    """Items grouped in order, each group at most LIST_ITEMS_PER_SENTENCE items and, past
    its first item, at most LIST_WORDS_PER_SENTENCE words."""
    groups: list[list[str]] = []
    words = 0
    for item in items:
        length = len(item.split())
        if (
            groups
            and len(groups[-1]) < LIST_ITEMS_PER_SENTENCE
            and words + length <= LIST_WORDS_PER_SENTENCE
        ):
            groups[-1].append(item)
            words += length
        else:
            groups.append([item])
            words = length
    return groups


def _list_sentences(table: dict[str, object], key: str, items: list[str]) -> list[str]:
    """`items` said in short sentences: the first with the template `key`, the rest with
    `key`_more ("We also suggest …")."""
    conjunction = str(table["and"])
    return [
        _sentence(str(table[key if index == 0 else f"{key}_more"]), items=_join(group, conjunction))
        for index, group in enumerate(_chunks(items))
    ]


def cancer_name(cancer_type_code: str, language: str) -> str:
    table = TEMPLATES[language]
    cancer = BY_CODE.get(cancer_type_code)
    names = _words(table, "names")
    return (
        names.get(cancer.tissue, str(table["any_cancer"])) if cancer else str(table["any_cancer"])
    )


def summarize(data: SummaryInput) -> PatientSummary:
    """Build the summary in data.language ('en' or 'es'); unknown keys are skipped."""
    t = TEMPLATES[data.language]
    modality = _words(t, "modality")
    tests = _words(t, "test")
    terms = _words(t, "terms")
    used_terms: list[str] = []

    found = [str(_words(t, "verdict").get(data.verdict, ""))]
    if data.verdict != "undetermined":
        found.append(
            _sentence(str(t["cancer"]), name=cancer_name(data.cancer_type_code, data.language))
        )
    if data.stage:
        found.append(_sentence(str(t["stage"]), stage=data.stage))
        used_terms.append("stage")
    if data.concordance:
        found.append(str(_words(t, "concordance").get(data.concordance, "")))
    if data.patient_goal:
        found.append(str(t["goal_intro"]))

    suggest: list[str] = []
    recommended = [k for k in data.recommended if k in modality]
    alternatives = [k for k in data.alternatives if k in modality and k not in recommended]
    wanted_tests = [k for k in data.tests if k in tests]
    suggest += _list_sentences(t, "recommend", [modality[k] for k in recommended])
    suggest += _list_sentences(t, "alternative", [modality[k] for k in alternatives])
    suggest += _list_sentences(t, "tests", [tests[k] for k in wanted_tests])
    if data.trials_offered and "clinical_trial" not in recommended + alternatives:
        suggest.append(str(t["trial"]))
    support_names = _words(t, "support_names")
    support = [support_names[k] for k in data.supportive if k in support_names]
    suggest += _list_sentences(t, "support", support)
    used_terms += recommended + alternatives + wanted_tests
    if data.trials_offered:
        used_terms.append("clinical_trial")

    team = [
        _sentence(str(t["reviewers"]), count=data.reviewer_count)
        if data.reviewer_count > 1
        else str(t["one_reviewer"])
    ]
    if data.board_agreed:
        team.append(str(t["board"]))

    steps = [str(t["talk"])]
    steps.append(
        _sentence(str(t["ask"]), count=data.follow_up_questions)
        if data.follow_up_questions > 0
        else str(t["ask_none"])
    )

    sections = [Section(str(t["found"]), tuple(s for s in found if s))]
    if suggest:
        sections.append(Section(str(t["suggest"]), tuple(suggest)))
    sections.append(Section(str(t["team"]), tuple(team)))
    sections.append(Section(str(t["next"]), tuple(steps)))
    seen: set[str] = set()
    glossary = []
    for key in used_terms:
        if key in terms and key not in seen:
            seen.add(key)
            term = terms[key]
            glossary.append((str(term[0]), str(term[1])))
    return PatientSummary(
        language=data.language,
        title=str(t["title"]),
        sections=tuple(sections),
        quote=data.patient_goal.strip(),
        glossary=tuple(glossary),
        glossary_heading=str(t["glossary"]),
    )
