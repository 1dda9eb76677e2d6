"""The procedure a case follows, found in one place: the site data's procedures (`content/site/
procedures.yaml`), looked up once per request and remembered on `flask.g` by the procedure's code. A code the
site data does not define (a procedure removed from the file while cases still follow it) is one clear error,
`UnknownProcedure`, wherever it is looked up."""

from __future__ import annotations

from flask import g, has_request_context

from casecore.procedures import Procedure
from sitekit.i18n import site_data
from sitekit.sitedata import SiteData

from .models import Case


class UnknownProcedure(LookupError):
    """A case (or service area) names a procedure the site data does not define."""

    def __init__(self, code: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"no procedure '{code}' in content/site/procedures.yaml: a case follows it, so it cannot be "
            f"removed while cases do (the procedures are: {', '.join(known) or 'none'})"
        )
        self.code = code


def _find(code: str, site: SiteData) -> Procedure:
    found = site.procedures.get(code)
    if found is None:
        raise UnknownProcedure(code, tuple(site.procedures))
    return found


def procedure_named(code: str, site: SiteData | None = None) -> Procedure:
    """The procedure with this code: from `site` when given (a command with its own site data), else the
    app's, remembered for the rest of the request."""
    if site is not None:
        return _find(code, site)
    if not has_request_context():
        return _find(code, site_data())
    memo: dict[str, Procedure] = g.setdefault("procedures", {})
    if code not in memo:
        memo[code] = _find(code, site_data())
    return memo[code]


def procedure_of(case: Case, site: SiteData | None = None) -> Procedure:
    """The procedure a case follows (its `procedure` code, set when it was opened)."""
    return procedure_named(case.procedure, site)
