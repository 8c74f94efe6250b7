"""Properties of the extraction engine that must hold for any text a scanner produces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from secondlook.oncology.extraction import extract

# Words and shapes from pathology reports, so random text reaches the rules, not just
# the "nothing matched" path.
REPORT_PIECES = st.sampled_from(
    [
        "pT2",
        "ypT1c",
        "N1b",
        "NO",
        "MX",
        "T 4",
        "p T 3",
        "Tis",
        "(sn)",
        "lymph nodes",
        "1 of 12",
        "(3/14)",
        "2.3 cm",
        "4 x 3 x 2 cm",
        "in greatest dimension",
        "Tumor size:",
        "breast",
        "lung",
        "upper lobe",
        "colon",
        "prostate",
        "adenocarcinoma",
        "squamous cell carcinoma",
        "invasive ductal carcinoma",
        "negative for",
        "no evidence of",
        "suspicious for",
        "cannot be assessed",
        "not identified",
        "ER",
        "HER2",
        "3+",
        "95%",
        "Ki-67",
        "MLH1",
        "lost",
        "PD-L1 TPS",
        "EGFR",
        "KRAS G12C",
        "BRAF V600E",
        "A.",
        "PART 2:",
        "ADDENDUM:",
        "margins",
        "Lymphovascular invasion:",
        "FIGO stage IB1",
        "AJCC 7th edition",
        ".",
        ",",
        ":",
        "\n",
    ]
)
REPORT_LIKE = st.lists(st.one_of(REPORT_PIECES, st.text(max_size=6)), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), REPORT_LIKE))
def test_extraction_never_fails_and_every_span_lies_inside_the_text(text):
    result = extract(text)

    for fact in result.facts:
        assert 0 <= fact.start <= fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.display
        assert 0.0 <= fact.confidence <= 1.0
        assert fact.certainty in {"affirmed", "negated", "uncertain", "not_assessable"}
    standing_t = result.current("t")
    if standing_t:
        assert standing_t[0].value.startswith("T")
