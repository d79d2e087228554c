"""Check that a readiness model's weights follow the rule the model states.

The weights are the book's own assumption. Each model states its rule in words
(``weights.rule``, shown beside the calculator) and in two numbers that the check reads:

- ``weights.with_strength``: the weight of a factor whose findings describe it with
  words of strength; the factor quotes those words, as a finding it cites writes them,
  under ``strength`` (``strength: strong facilitator``);
- ``weights.without_strength``: the weight of a factor whose findings name it without
  saying how strong it is (no ``strength``).

Which words count as words of strength is the book's judgement, and the rule says
so; the check makes sure that the judgement is written down (``strength``), that it
quotes a finding the factor cites, and that every weight follows from it. So a
contributor who changes one weight learns at once whether the change keeps the rule,
or whether the rule itself must change.

:func:`weight_rule_problems` is one pure function (the parsed model and the findings
in, :class:`~lipse_widgets.data.problems.Problem` lines out), called from the
models' checks (:mod:`lipse_widgets.data.models`), which say on which line each field
stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from lipse_widgets.data.problems import Problem, show

#: The findings the models cite.
FINDINGS_FILE = "findings.csv"
#: The weights a model may give (the schema's limits, repeated here only to skip values
#: the schema reports).
_WEIGHTS = range(1, 11)


def _is_weight(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in _WEIGHTS


def _normal(text: str) -> str:
    """Fold case, quotes and spaces, so that a quote matches however it was typed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').lower().split())


def _says_weight(rule: str, weight: int) -> bool:
    return re.search(rf"\bweight {weight}\b", rule, re.IGNORECASE) is not None


def weight_rule_problems(
    model: object,
    findings: Mapping[str, Mapping[str, str]] | None,
    name: str,
    line: Callable[[list], int],
) -> list[Problem]:
    """Return a problem for each weight that does not follow the model's stated rule.

    ``model`` is the parsed model file (anything malformed is skipped: the schema
    reports it); ``findings`` maps a finding id to its row (with ``statement``), or is
    None to skip the check of the quoted words; ``line(path)`` returns the line of the
    value at a path such as ``["factors", 2, "weight"]``.
    """
    if not isinstance(model, dict) or not isinstance(model.get("weights"), dict):
        return []
    weights = model["weights"]
    strong, plain = weights.get("with_strength"), weights.get("without_strength")
    if not (_is_weight(strong) and _is_weight(plain)):
        return []
    problems = []
    rule = weights.get("rule")
    if isinstance(rule, str):
        for weight, key in ((strong, "with_strength"), (plain, "without_strength")):
            if not _says_weight(rule, weight):
                message = (
                    f"the rule does not say which factors get weight {weight} (weights.{key}):"
                    f" write it in words, as 'weight {weight} where ...'"
                )
                problems.append(Problem(name, line(["weights", "rule"]), "weights.rule", message))
    factors = model.get("factors") if isinstance(model.get("factors"), list) else []
    for index, factor in enumerate(factors):
        if not isinstance(factor, dict) or not _is_weight(factor.get("weight")):
            continue
        weight, words = factor["weight"], factor.get("strength")
        at = line(["factors", index, "weight"])
        if isinstance(words, str) and words.strip():
            if weight != strong:
                message = (
                    f"{weight} does not follow weights.rule: a factor with words of strength"
                    f" ({show(words)}) has weight {strong} (weights.with_strength); to give it"
                    f" another weight, change the rule for every factor"
                )
                problems.append(Problem(name, at, "weight", message))
            problems.extend(_quote_problems(factor, words, findings, name, line, index))
        elif weight != plain:
            message = (
                f"{weight} does not follow weights.rule: a factor without words of strength"
                f" has weight {plain} (weights.without_strength); if a finding it cites"
                f" describes it as strong, quote those words under 'strength'"
            )
            problems.append(Problem(name, at, "weight", message))
    return problems


def _quote_problems(
    factor: dict,
    words: str,
    findings: Mapping[str, Mapping[str, str]] | None,
    name: str,
    line: Callable[[list], int],
    index: int,
) -> list[Problem]:
    """Check that ``strength`` quotes the statement of a finding the factor cites."""
    cited = factor.get("findings") if isinstance(factor.get("findings"), list) else []
    known = [f for f in cited if isinstance(f, str) and findings and f in findings]
    if not known or "statement" not in findings[known[0]]:
        return []  # unknown ids are reported by the models' own check
    quoted = re.compile(r"(?<!\w)" + re.escape(_normal(words)) + r"(?!\w)")
    if any(quoted.search(_normal(findings[f].get("statement", ""))) for f in known):
        return []
    listed = ("finding " if len(known) == 1 else "findings ") + ", ".join(known)
    message = (
        f"{show(words)} is not in the statement of {listed} in {FINDINGS_FILE}:"
        " quote the words of strength as a finding the factor cites writes them"
    )
    return [Problem(name, line(["factors", index, "strength"]), "strength", message)]
