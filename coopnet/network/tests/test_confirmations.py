"""Ending an affiliation is asked on its own page, which says what ending means."""

import datetime as dt

import pytest

from coopnet.core.models import Affiliation

pytestmark = pytest.mark.django_db


def test_profile_offers_a_link_to_the_confirmation_not_a_one_click_form(
    client, org, affiliation, admin_user
):
    # given the administrator on their cooperative's page
    client.force_login(admin_user)
    page = client.get(f"/o/{org.slug}/").content.decode()
    end_url = f"/o/{org.slug}/affiliations/{affiliation.pk}/end/"
    # then ending the affiliation is a link to a page, not a pre-filled button
    assert f'<a href="{end_url}">' in page
    assert f'action="{end_url}"' not in page


def test_confirmation_page_says_what_ending_means_and_asks_for_the_day(
    client, org, consortium, affiliation, admin_user
):
    client.force_login(admin_user)
    response = client.get(f"/o/{org.slug}/affiliations/{affiliation.pk}/end/")
    page = response.content.decode()
    # the consequences are spelled out with the names involved
    assert f"{org.short_name} non è più tra gli aderenti di {consortium.short_name}" in page
    assert (
        f"il personale di {consortium.short_name} non vede più i dati di {org.short_name}" in page
    )
    assert "resta nello storico" in page
    # and the last day is chosen on purpose: no date is filled in for the user
    assert response.context["form"]["end_date"].value() is None
    # nothing changed by looking
    assert Affiliation.objects.get(pk=affiliation.pk).end_date is None


def test_confirming_without_a_day_names_the_field(client, org, affiliation, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/o/{org.slug}/affiliations/{affiliation.pk}/end/", {})
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    assert Affiliation.objects.get(pk=affiliation.pk).end_date is None


def test_confirming_with_a_day_ends_the_affiliation(client, org, affiliation, admin_user):
    client.force_login(admin_user)
    url = f"/o/{org.slug}/affiliations/{affiliation.pk}/end/"
    response = client.post(url, {"end_date": "2024-06-30"})
    assert response.status_code == 302
    assert Affiliation.objects.get(pk=affiliation.pk).end_date == dt.date(2024, 6, 30)
