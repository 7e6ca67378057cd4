"""Add which member kinds may control a renewable energy community (DOMAIN.md §5, R-CER-1).

D.Lgs. 199/2021 art. 31 c. 1 lett. b (in force 15/12/2021): control only by natural persons,
SMEs, territorial and local authorities (including local public administrations), research
and training bodies, religious, third-sector and environmental bodies located in the
municipalities of the plants. One row per member kind of ``MemberKind``: 1 = may control,
0 = may not ("altro": a body not in the list, such as a large company). A change of the law
(e.g. L. 60/2025 art. 1-bis, which names more admitted bodies) is a new dated row.
"""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

DLGS199 = "D.Lgs. 199/2021 art. 31 c. 1 lett. b"
START = date(2021, 12, 15)

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    ("cer.control_persona_fisica", "1", START, None, DLGS199, "R-CER-1: le persone fisiche possono avere il controllo della comunità (1 = sì)"),
    ("cer.control_pmi", "1", START, None, DLGS199, "R-CER-1: le piccole e medie imprese possono avere il controllo della comunità (1 = sì)"),
    ("cer.control_ente_territoriale", "1", START, None, DLGS199, "R-CER-1: enti territoriali, autorità locali e amministrazioni locali possono avere il controllo (1 = sì)"),
    ("cer.control_terzo_settore", "1", START, None, DLGS199, "R-CER-1: gli enti del terzo settore e di protezione ambientale possono avere il controllo (1 = sì)"),
    ("cer.control_ente_religioso", "1", START, None, DLGS199, "R-CER-1: gli enti religiosi possono avere il controllo della comunità (1 = sì)"),
    ("cer.control_altro", "0", START, None, DLGS199, "R-CER-1: gli altri soggetti (per esempio le grandi imprese) non hanno il controllo (1 = sì)"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_cer_parameters"),
        ("energy", "0003_member_and_plant_comune"),
    ]
    operations = [seed_parameters(PARAMETERS)]
