import pytest

from coopnet.core.models import Comune, Province, Region

pytestmark = pytest.mark.django_db


def test_istat_territory_is_loaded():
    assert Region.objects.count() == 20
    assert Province.objects.count() >= 107
    bologna = Comune.objects.select_related("province__region").get(istat_code="037006")
    assert bologna.name == "Bologna"
    assert bologna.province.abbreviation == "BO"
    assert bologna.province.region.name == "Emilia-Romagna"
    assert bologna.cadastral_code == "A944"
