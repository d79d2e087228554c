"""A small readiness model of the tests' own, in a data folder of its own.

Tests of the models, the scoring and the command line use it instead of the book's
models, so that a contributor who changes a weight or adds a factor breaks none of them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SCHEMA = (
    Path(__file__).resolve().parent.parent / "book" / "data" / "readiness"
    / "readiness-model.schema.json"
)  # fmt: skip
#: The tiny model's factor ids; factor_2 is a barrier.
FACTOR_IDS = tuple(f"factor_{i}" for i in range(5))
#: The weights of its rule: factors with words of strength (the odd ones) weigh 3.
WITH_STRENGTH, WITHOUT_STRENGTH = 3, 1


def tiny_model(factors: int = 5) -> dict:
    """A valid model about telework, with ``factors`` factors citing F901 to F904."""
    return {
        "id": "tiny",
        "innovation": "telework",
        "title": "Tiny readiness",
        "intro": "A small model written by the tests, with made-up questions.",
        "scale": {"min": 1, "max": 5, "min_label": "Not at all", "max_label": "Fully"},
        "weights": {
            "basis": "book",
            "rule": "The book's own assumption, for the tests: weight 3 where the finding says"
            " the factor is strong, weight 1 otherwise.",
            "with_strength": WITH_STRENGTH,
            "without_strength": WITHOUT_STRENGTH,
        },
        "factors": [
            {
                "id": f"factor_{i}",
                "label": f"Factor {i}",
                "question": f"How much of factor {i} is there?",
                "min_label": "None",
                "max_label": "A lot",
                "effect": "barrier" if i == 2 else "driver",
                "weight": WITH_STRENGTH if i % 2 else WITHOUT_STRENGTH,
                **({"strength": "very strong"} if i % 2 else {}),
                "findings": [f"F90{1 + i % 4}"],
                "action": f"Do something about factor {i}.",
                "action_basis": "book",
            }
            for i in range(factors)
        ],
    }


def write_model(folder: Path, model: dict | str, name: str = "tiny") -> Path:
    """Write a model file (a dict as YAML, or text as it is) into ``folder/readiness``."""
    path = folder / "readiness" / f"{name}.yaml"
    text = model if isinstance(model, str) else yaml.safe_dump(model, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def make_data_dir(folder: Path) -> Path:
    """Make a data folder with the book's model schema, five findings and the tiny model."""
    (folder / "readiness").mkdir(parents=True)
    (folder / "readiness" / SCHEMA.name).write_bytes(SCHEMA.read_bytes())
    rows = ["id,innovation,effect"] + [f"F90{i},telework,driver" for i in range(1, 5)]
    rows.append("F905,e-procurement,barrier")
    (folder / "findings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    write_model(folder, tiny_model())
    return folder
