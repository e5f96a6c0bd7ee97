"""Print intent and entity scores from a ``rasa test nlu`` results folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(folder: str) -> int:
    """Read the reports Rasa wrote and print the headline figures."""
    results = Path(folder)
    intents = json.loads((results / "intent_report.json").read_text())
    print(f"intent accuracy      {intents['accuracy']:.3f}")
    print(f"intent macro F1      {intents['macro avg']['f1-score']:.3f}")
    print(f"intent weighted F1   {intents['weighted avg']['f1-score']:.3f}")
    entity_path = results / "DIETClassifier_report.json"
    if entity_path.exists():
        entities = json.loads(entity_path.read_text())
        print(f"entity micro F1      {entities['micro avg']['f1-score']:.3f}")
        print(f"entity macro F1      {entities['macro avg']['f1-score']:.3f}")
    weak = sorted(
        (scores["f1-score"], name)
        for name, scores in intents.items()
        if isinstance(scores, dict) and "f1-score" in scores and "avg" not in name
    )[:5]
    print("weakest intents      " + ", ".join(f"{n} {f:.2f}" for f, n in weak))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results/nlu"))
