import pytest
from django.urls import reverse
from zukunftswerkstatt.surveys.services import response_submit
from .factories import full_values

pytestmark = pytest.mark.django_db


def test_pages(survey, questions, town_a, staff_a, org_admin, client_for, django_capture_on_commit_callbacks):
    for i in range(12):
        response_submit(
            survey=survey,
            values=full_values(questions),
            channel="paper",
            entered_by=staff_a,
            town=town_a if i % 2 else None,
            age_group="30-44",
            paper_number=i + 1,
        )
    client = client_for(org_admin)
    for by in ("", "town", "age"):
        r = client.get(reverse("surveys:results", args=[survey.module_id]) + f"?by={by}")
        assert r.status_code == 200
    open("/tmp/scratch/results.html", "wb").write(r.content)
    r = client.get(reverse("surveys:texts", args=[survey.module_id]))
    assert r.status_code == 200
    open("/tmp/scratch/texts.html", "wb").write(r.content)
    r = client.get(reverse("surveys:compare", args=[survey.module_id]))
    assert r.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("surveys:export", args=[survey.module_id]), {"file_format": "xlsx"})
    assert r.status_code == 302, r.content
    r = client.get(r["Location"])
    open("/tmp/scratch/export.html", "wb").write(r.content)
    assert b"ready" in r.content or b"bereit" in r.content, r.content.decode()
