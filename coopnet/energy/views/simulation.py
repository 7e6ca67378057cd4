"""The simulation of a prospective consumer or PV plant (issue 13 item 7)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import apply_errors

from .. import prospects, selectors
from ..forms import SimulationForm
from .access import WRITE


@org_view(WRITE)
def simulate(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """What the last year would have been with a prospective consumer or PV plant; nothing is
    stored."""
    org = access.organization
    codes = [c.code for c in selectors.configurations(org)]
    form = SimulationForm(request.POST or None, configurations=codes)
    prospect = None
    if request.method == "POST" and form.is_valid():
        try:
            prospect = prospects.prospect_run(organization=org, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "energy/simulate.html", {"form": form, "prospect": prospect})
