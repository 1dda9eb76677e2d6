"""Which code a complaint answers to, the Ombudsman it leads to, and the code's own timescales.

- The Housing Ombudsman's Complaint Handling Code (2024): the council as landlord. Ombudsman: the Housing
  Ombudsman. Only these complaints count towards the regulator's CH01 and CH02.
- The Local Government and Social Care Ombudsman's Complaint Handling Code (used in its casework from
  1 April 2026): the council's other services. Ombudsman: the LGSCO.
- Statutory: adult and children's social care follow procedures set by law, outside both codes; never
  counted against a code's timescales. Ombudsman: the LGSCO.

The codes' timescales are the Ombudsmen's, the same for every council, so they are here; a council's own
procedure is data (procedures.yaml) and may be slower than its code. The published figures measure responses
against the code, and the self-assessment shows each gap (`gaps`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .procedures import CountedFrom, Procedure, Regime, Stage

__all__ = ["CODES", "Gap", "Regime", "code_for", "gaps", "ombudsman_for"]

# Both codes: acknowledge within 5 working days at each stage; stage 1 within 10 working days of the
# acknowledgement, at most 10 more with a reason; stage 2 within 20 of its acknowledgement, at most 20 more.
_BOTH = (Stage(10, CountedFrom.ACKNOWLEDGEMENT, 10), Stage(20, CountedFrom.ACKNOWLEDGEMENT, 20))
CODES = {
    Regime.HOUSING_CODE: Procedure("housing-ombudsman-code", _BOTH, 5, regime=Regime.HOUSING_CODE),
    Regime.LGSCO_CODE: Procedure("lgsco-code", _BOTH, 5, regime=Regime.LGSCO_CODE),
}
OMBUDSMEN = {
    Regime.HOUSING_CODE: "housing-ombudsman",
    Regime.LGSCO_CODE: "lgsco",
    Regime.STATUTORY: "lgsco",
}


def code_for(regime: Regime) -> Procedure | None:
    """The code's own timescales, as a procedure; None for a statutory procedure (outside both codes)."""
    return CODES.get(regime)


def ombudsman_for(regime: Regime) -> str:
    """The contact route (contacts.yaml) a resident goes to after the council's final response."""
    return OMBUDSMEN[regime]


@dataclass(frozen=True)
class Gap:
    """A step where a council's procedure gives itself longer than its code allows."""

    step: str  # "acknowledgement", "stage 1", "stage 2", "stage 1 extension", …
    ours: str
    code: str


def _days(stage: Stage) -> str:
    return f"{stage.respond} working days from the {stage.counted_from.value}"


def gaps(procedure: Procedure) -> list[Gap]:
    """Each step where `procedure` is slower than its code: no or a later acknowledgement, more days to
    respond, or a longer extension. Counting from receipt rather than the acknowledgement is not slower."""
    code = code_for(procedure.regime)
    if code is None:
        return []
    found = []
    if code.acknowledge is not None and (procedure.acknowledge or 0) > code.acknowledge:
        found.append(
            Gap(
                "acknowledgement", f"{procedure.acknowledge} working days", f"{code.acknowledge} working days"
            )
        )
    elif code.acknowledge is not None and procedure.acknowledge is None:
        found.append(Gap("acknowledgement", "no deadline set", f"{code.acknowledge} working days"))
    for number, (ours, theirs) in enumerate(zip(procedure.stages, code.stages, strict=False), start=1):
        if ours.respond > theirs.respond:
            found.append(Gap(f"stage {number}", _days(ours), _days(theirs)))
        if (ours.extension or 0) > (theirs.extension or 0):
            found.append(
                Gap(f"stage {number} extension", f"{ours.extension} more", f"at most {theirs.extension} more")
            )
    return found
