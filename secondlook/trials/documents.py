"""Registry records as matcher documents (pure), shared by the importer, demo and bench."""

from __future__ import annotations

from secondlook.trials.criteria import parse_eligibility
from secondlook.trials.ctgov import TrialRecord
from secondlook.trials.matching import TrialDocument, TrialSite, age_in_years


def document_from_record(record: TrialRecord) -> TrialDocument:
    return TrialDocument(
        nct_id=record.nct_id,
        title=record.brief_title or record.official_title,
        summary=record.summary,
        conditions=record.conditions,
        keywords=record.keywords,
        criteria=tuple(parse_eligibility(record.eligibility_text)),
        minimum_age_years=age_in_years(record.minimum_age),
        maximum_age_years=age_in_years(record.maximum_age),
        sex=record.sex,
        overall_status=record.overall_status,
        sites=tuple(
            TrialSite(
                facility=loc.facility,
                city=loc.city,
                state=loc.state,
                country=loc.country,
                status=loc.status,
                latitude=loc.latitude,
                longitude=loc.longitude,
                contact=" · ".join(
                    p for p in (loc.contact_name, loc.contact_phone, loc.contact_email) if p
                ),
            )
            for loc in record.locations
        ),
    )
