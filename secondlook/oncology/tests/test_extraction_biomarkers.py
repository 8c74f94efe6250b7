"""Biomarker extraction: receptors, HER2, Ki-67, mismatch repair, PD-L1, TMB and driver genes."""

from __future__ import annotations

import pytest

from secondlook.oncology.extraction import extract
from secondlook.oncology.facts import Biomarker


def markers(text: str) -> dict[str, Biomarker]:
    """The standing result per marker name (first in text order when a name repeats)."""
    found: dict[str, Biomarker] = {}
    for fact in extract(text).facts:
        if fact.field == "biomarker" and fact.biomarker and not fact.superseded:
            assert text[fact.start : fact.end] == fact.display
            found.setdefault(fact.biomarker.name, fact.biomarker)
    return found


def test_hormone_receptors_keep_percent_and_allred_score():
    found = markers(
        "Estrogen receptor: positive (95%, Allred 8/8). Progesterone receptor (PR): negative (0%)."
    )

    assert found["ER"].status == "positive"
    assert found["ER"].value == "95%, Allred 8/8"
    assert found["PR"].status == "negative"


def test_a_receptor_percent_alone_sets_its_status():
    found = markers("ER 1% weak nuclear staining. PR 0%.")

    assert found["ER"].status == "positive"
    assert found["PR"].status == "negative"


@pytest.mark.parametrize(
    ("line", "status", "value"),
    [
        ("HER2 (IHC): 3+.", "positive", "IHC 3+"),
        ("HER2/neu immunohistochemistry score 2+ (equivocal).", "equivocal", "IHC 2+"),
        ("HER2 by IHC: 0.", "negative", "IHC 0"),
        ("HER2 FISH: amplified, ratio 4.1.", "positive", "ISH amplified"),
        ("HER-2 ISH: not amplified.", "negative", "ISH not amplified"),
    ],
)
def test_her2_reads_ihc_score_and_ish(line, status, value):
    her2 = markers(line)["HER2"]

    assert her2.status == status
    assert her2.value == value


def test_ki67_keeps_its_percentage():
    assert markers("Ki-67 proliferation index: 35%.")["KI-67"].value == "35%"


def test_lost_mismatch_repair_proteins_make_the_tumor_mmr_deficient():
    found = markers("MLH1: loss of nuclear expression. PMS2: lost. MSH2 and MSH6: retained.")

    assert found["MLH1"].status == "positive" and found["MLH1"].value == "lost"
    assert found["PMS2"].value == "lost"
    assert found["MSH2"].value == "retained" and found["MSH2"].status == "negative"
    assert found["MSH6"].value == "retained"
    assert found["MMR"].alteration == "deficient"


def test_all_mismatch_repair_proteins_intact_is_not_deficient():
    found = markers("Mismatch repair: MLH1, PMS2, MSH2 and MSH6 intact.")

    assert {found[name].value for name in ("MLH1", "PMS2", "MSH2", "MSH6")} == {"retained"}
    assert "MMR" not in found


@pytest.mark.parametrize(
    ("line", "status", "value"),
    [
        ("Microsatellite instability: MSI-H.", "positive", "MSI-H"),
        ("Tumor is microsatellite stable (MSS).", "negative", "MSS"),
    ],
)
def test_microsatellite_status(line, status, value):
    msi = markers(line)["MSI"]

    assert (msi.status, msi.value) == (status, value)


def test_pdl1_reads_tps_and_cps():
    tps = markers("PD-L1 (22C3) tumor proportion score: 60%.")["PD-L1"]
    cps = markers("PD-L1 22C3 combined positive score (CPS) of 5.")["PD-L1"]
    low = markers("PD-L1 TPS <1%.")["PD-L1"]

    assert (tps.status, tps.value) == ("positive", "TPS 60%")
    assert (cps.status, cps.value) == ("positive", "CPS 5")
    assert low.status == "negative"


def test_tumor_mutational_burden_high_from_ten_per_megabase():
    assert markers("Tumor mutational burden: 12 mut/Mb.")["TMB"].status == "positive"
    assert markers("TMB: 4 mutations per megabase.")["TMB"].status == "negative"


@pytest.mark.parametrize(
    ("line", "gene", "alteration", "status"),
    [
        ("EGFR exon 19 deletion detected.", "EGFR", "exon 19 deletion", "positive"),
        ("EGFR p.L858R mutation identified.", "EGFR", "L858R", "positive"),
        ("ALK rearrangement by FISH: positive.", "ALK", "rearrangement", "positive"),
        ("ROS1 fusion detected.", "ROS1", "fusion", "positive"),
        ("KRAS G12C mutation detected.", "KRAS", "G12C", "positive"),
        ("BRAF V600E mutation present.", "BRAF", "V600E", "positive"),
        ("NTRK1 fusion identified (TPM3-NTRK1).", "NTRK1", "fusion", "positive"),
        ("RET fusion detected (KIF5B-RET).", "RET", "fusion", "positive"),
        ("MET exon 14 skipping mutation detected.", "MET", "exon 14 skipping", "positive"),
        ("ERBB2 amplification detected.", "ERBB2", "amplification", "positive"),
        ("BRCA2 pathogenic variant identified.", "BRCA2", "pathogenic variant", "positive"),
        ("PIK3CA H1047R mutation detected.", "PIK3CA", "H1047R", "positive"),
        ("IDH1 R132H mutation present.", "IDH1", "R132H", "positive"),
        ("IDH2 R140Q mutation detected.", "IDH2", "R140Q", "positive"),
        ("FGFR2 fusion detected.", "FGFR2", "fusion", "positive"),
        ("FGFR3 S249C mutation detected.", "FGFR3", "S249C", "positive"),
        ("BRCA1 mutation: not detected.", "BRCA1", "mutation", "negative"),
        ("Negative for KRAS mutation.", "KRAS", "mutation", "negative"),
        ("KRAS: wild type.", "KRAS", "", "negative"),
    ],
)
def test_gene_alterations(line, gene, alteration, status):
    marker = markers(line)[gene]

    assert marker.alteration == alteration
    assert marker.status == status


def test_a_status_after_a_gene_list_applies_to_each_gene():
    found = markers("EGFR, ALK and ROS1: negative.")

    assert {found[gene].status for gene in ("EGFR", "ALK", "ROS1")} == {"negative"}


def test_a_negative_biomarker_result_is_an_affirmed_statement():
    fact = next(
        f for f in extract("Progesterone receptor: negative.").facts if f.field == "biomarker"
    )

    assert fact.value == "negative"
    assert fact.certainty == "affirmed"
