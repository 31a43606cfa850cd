"""Which yearly report asks each criterion, by criterion code (``diplomas.seeds.ASKED_IN``);
and the criterion "what has changed since the last report" for the sets no submitted report
uses yet. A set a submitted report uses is frozen: it keeps its criteria, and Fairtrade
Sverige adds the criterion in a new version. Existing sets are published (the field's default
in 0020)."""

from django.db import migrations
from django.db.models import Max

from diplomas.seeds import CITY_CRITERIA, REGION_CRITERIA, apply_asked_in


def forwards(apps, schema_editor):
    CriteriaSet = apps.get_model("diplomas", "CriteriaSet")
    Criterion = apps.get_model("diplomas", "Criterion")
    Submission = apps.get_model("diplomas", "Submission")
    apply_asked_in(Criterion)
    rows = {"city": CITY_CRITERIA, "region": REGION_CRITERIA}
    frozen = set(
        Submission.objects.exclude(status="draft").values_list("criteria_set_id", flat=True)
    )
    for criteria_set in CriteriaSet.objects.exclude(pk__in=frozen):
        if criteria_set.criteria.filter(code="changes").exists():
            continue
        row = next(r for r in rows[criteria_set.kind] if r[0] == "changes")
        code, answer_type, computed, attachment, share, t_sv, t_en, g_sv, g_en, e_sv, e_en, _t = row
        last = criteria_set.criteria.aggregate(n=Max("number"))["n"] or 0
        Criterion.objects.create(
            criteria_set=criteria_set,
            number=last + 1,
            code=code,
            answer_type=answer_type,
            computed=computed,
            requires_attachment=attachment,
            is_purchase_share=share,
            title_sv=t_sv,
            title_en=t_en,
            guidance_sv=g_sv,
            guidance_en=g_en,
            evidence_sv=e_sv,
            evidence_en=e_en,
            asked_in="both",
        )


class Migration(migrations.Migration):
    dependencies = [("diplomas", "0020_criteria_scope_versions_carry_over")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
