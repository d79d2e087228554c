"""Check that each readiness factor says what the findings it cites say.

A factor of a readiness model (``readiness/*.yaml``) is scored as a ``driver`` (a high
answer raises readiness) or a ``barrier`` (a high answer lowers it), and it cites the
findings of ``findings.csv`` it rests on. Its direction is only as good as theirs:

- every finding it cites says the same as the factor (a driver cites driver findings,
  a barrier barrier findings) or is a ``recommendation``, which may stand beside them
  (it says what to do, not which way the factor works);
- at least one cited finding gives the factor's own direction, so a recommendation
  alone never decides it;
- a finding that is ``mixed`` (the source says it can help or hinder), whose direction
  the source does not state, or that says the opposite, cannot back the factor;
- every finding cited is LIPSE work, since the calculators present their findings as
  LIPSE's: related research by LIPSE researchers (``kind_of_work`` ``related``) is not.

:func:`factor_findings_problems` is one pure function (a model and the findings as a
mapping in, :class:`~lipse_widgets.data.problems.Problem` lines out), called from the
models' checks (:mod:`lipse_widgets.data.models`), which read the findings with
``findings_by_id`` and say on which line of the file each field stands.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from lipse_widgets.data.problems import Problem

#: The findings the models cite, inside the data folder.
FINDINGS_FILE = "findings.csv"
#: Finding effects that may stand beside those that give a factor its direction.
NEUTRAL_BESIDE = ("recommendation",)
#: The value of ``kind_of_work`` that the calculators may cite.
LIPSE = "LIPSE"
#: The columns of findings.csv this check reads.
_COLUMNS = ("effect", "kind_of_work")


def _factor_number(index: int, field: str) -> int:
    return index + 1


def factor_findings_problems(
    model: object,
    findings: Mapping[str, Mapping[str, str]] | None,
    name: str,
    line: Callable[[int, str], int] = _factor_number,
    effects: Collection[str] | None = None,
) -> list[Problem]:
    """Return a problem for each factor whose effect its cited findings do not support.

    ``model`` is the parsed model file (anything malformed is skipped: the schema
    reports it); ``findings`` maps a finding id to its row (at least ``effect`` and
    ``kind_of_work``), or is None to skip the check; ``name`` is the model's file as
    problems name it (``readiness/telework.yaml``). Unknown finding ids are left to
    the check that reports them.
    """
    if (
        not findings
        or not set(_COLUMNS) <= set(next(iter(findings.values())))
        or not isinstance(model, dict)
        or not isinstance(model.get("factors"), list)
    ):
        return []  # findings.csv's own problems are reported by the table check
    problems = []
    for index, factor in enumerate(model["factors"]):
        if not isinstance(factor, dict) or factor.get("effect") not in ("driver", "barrier"):
            continue
        effect = factor["effect"]
        cited = factor.get("findings") if isinstance(factor.get("findings"), list) else []
        known = [
            f
            for f in cited
            if isinstance(f, str)
            and f in findings
            and (effects is None or findings[f].get("effect") in effects)
        ]
        for finding in known:
            said = findings[finding].get("effect", "")
            if said != effect and said not in NEUTRAL_BESIDE:
                message = (
                    f"the factor is a {effect}, but finding {finding} is coded '{said}' in "
                    f"{FINDINGS_FILE}; a factor may cite only findings that say it is a {effect}, "
                    f"and recommendations beside them"
                )
                problems.append(Problem(name, line(index, "effect"), "effect", message))
            kind = findings[finding].get("kind_of_work", "")
            if kind != LIPSE:
                message = (
                    f"finding {finding} is '{kind}' work in {FINDINGS_FILE}, not LIPSE's; "
                    f"the calculators cite LIPSE findings only"
                )
                problems.append(Problem(name, line(index, "findings"), "findings", message))
        if known and all(findings[f].get("effect") in NEUTRAL_BESIDE for f in known):
            listed = ", ".join(known)
            message = (
                f"the factor is a {effect}, but its findings ({listed}) are only "
                f"recommendations in {FINDINGS_FILE}; cite at least one finding coded '{effect}'"
            )
            problems.append(Problem(name, line(index, "effect"), "effect", message))
    return problems
