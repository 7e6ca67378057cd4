"""The simulation page over the stored DST day of test_settle.py (the last day of readings, so
the year simulated is 30/3/2025-29/3/2026): a constant consumer of 8760 kWh a year withdraws
1 kWh every hour; at noon the plant's 5 kWh cover them (shared 4 -> 5 kWh), at 1 pm its
1 kWh is split pro rata (the newcomer's 1000 of 4000 Wh withdrawn: 250 Wh)."""

import pytest
from django.urls import reverse

from coopnet.energy import services

CONSUMER = {
    "configuration": "CP-NORD",
    "newcomer": "consumatore",
    "yearly_kwh": "8760",
    "shape": "costante",
    "member_kind": "persona_fisica",
}
PLANT = {
    "configuration": "CP-NORD",
    "newcomer": "impianto",
    "power_kw": "20",
    "latitude": "45,46",
    "longitude": "9,19",
}


@pytest.fixture
def page(client, registered, meters_file, prices_file, admin_user):
    services.prices_import(organization=registered, actor=None, path=prices_file)
    assert services.readings_import(organization=registered, actor=None, path=meters_file).ok
    client.force_login(admin_user)
    return reverse("energy:simulate", args=[registered.slug])


def test_a_new_consumer_shares_the_noon_surplus_by_hand(client, page):
    answer = client.post(page, CONSUMER)
    prospect = answer.context["prospect"]
    assert (str(prospect.first_day), str(prospect.last_day)) == ("2025-03-30", "2026-03-29")
    outcome = prospect.comparison
    assert (outcome.before.shared_wh, outcome.after.shared_wh) == (4000, 5000)
    assert outcome.newcomer_shared_wh == 1250
    # 8759 hours: the year holds two spring changes (30/3/2025, 29/3/2026) and one autumn
    assert outcome.newcomer_wh == 8_759_000
    assert outcome.after.premium_eur >= outcome.before.premium_eur
    html = answer.content.decode()
    assert "Configurazione CP-NORD, dal 30/03/2025 al 29/03/2026" in html
    assert "8.759,000 kWh" in html
    assert "1,250 kWh condivisi" in html
    assert not outcome.before.final  # one day of readings in a year
    assert "le cifre sono sottostimate" in html


def test_a_new_pv_plant_covers_daytime_withdrawals_only(client, page):
    outcome = client.post(page, PLANT).context["prospect"].comparison
    # 21 hours of the person's 0.5 kWh had no injection: the sun covers the daytime ones
    assert outcome.after.shared_wh > outcome.before.shared_wh
    assert outcome.after.shared_wh - outcome.before.shared_wh < 21 * 500
    assert outcome.newcomer_shared_wh == outcome.after.shared_wh - outcome.before.shared_wh
    assert outcome.newcomer_wh > 0
    assert outcome.after.injected_wh == outcome.before.injected_wh + outcome.newcomer_wh


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**PLANT, "latitude": ""}, "latitude", "Necessario per questa simulazione."),
        ({**CONSUMER, "yearly_kwh": ""}, "yearly_kwh", "Necessario per questa simulazione."),
        ({**PLANT, "power_kw": "1500"}, "power_kw", "Un impianto incentivato ha al massimo"),
        ({**PLANT, "latitude": "60"}, "latitude", "48"),
        ({**CONSUMER, "configuration": "ALTRA"}, "configuration", "ALTRA"),
    ],
)
def test_bad_answers_name_the_field(client, page, data, field, message):
    answer = client.post(page, data)
    assert answer.status_code == 200
    assert answer.context["prospect"] is None
    assert message in " ".join(answer.context["form"].errors[field])


def test_without_readings_there_is_nothing_to_simulate(client, registered, admin_user):
    client.force_login(admin_user)
    form = client.get(reverse("energy:simulate", args=[registered.slug]))
    assert form.status_code == 200
    assert '<option value="CP-NORD">CP-NORD</option>' in form.content.decode()
    assert form.context["prospect"] is None
    answer = client.post(reverse("energy:simulate", args=[registered.slug]), CONSUMER)
    assert "Nessuna lettura registrata" in answer.context["form"].errors["configuration"][0]


def test_only_the_office_simulates(client, registered, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("energy:simulate", args=[registered.slug])).status_code == 404
