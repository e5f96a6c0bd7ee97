"""A fast intent classifier for ``config-fast.yml``: TF-IDF weighting and
logistic regression over the pipeline's sparse sentence features.

Rasa's ``LogisticRegressionClassifier`` fits raw counts with ``C=1`` and
balanced class weights. This subclass puts scikit-learn's ``TfidfTransformer``
(sublinear term frequency, L2 norm) in front of the regression and makes ``C``
and the class weights settable: the recipe of the bench's scikit-learn baseline,
inside the Rasa pipeline. It trains and parses several times faster than DIET
(``make bench`` measures both: docs/benchmarks.md).

The fitted pipeline is stored with ``skops`` like Rasa's class, and loaded
trusting only the types skops trusts by default plus ``TRUSTED_TYPES`` (the
sparse IDF diagonal); a file naming any other type is refused.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier,
)
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline

logger = logging.getLogger(__name__)

# Beyond skops' defaults: the IDF weights are kept as a sparse diagonal matrix.
TRUSTED_TYPES = frozenset({"scipy.sparse._csr.csr_matrix"})


class UntrustedModelError(ValueError):
    """The stored classifier names a type we do not load."""


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class TfidfLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Logistic regression on TF-IDF weighted sparse features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Rasa's defaults plus ``C``, ``class_weight`` and ``sublinear_tf``."""
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 20.0,
            "class_weight": None,
            "sublinear_tf": True,
            "max_iter": 3000,
        }

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        regression = self.clf.set_params(
            C=float(self.config["C"]), class_weight=self.config["class_weight"]
        )
        self.clf = Pipeline(
            [
                ("tfidf", TfidfTransformer(sublinear_tf=self.config["sublinear_tf"])),
                ("regression", regression),
            ]
        )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfLogisticRegressionClassifier:
        """Load the fitted pipeline; refuse a file with unexpected types."""
        import skops.io as sio

        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / f"{resource.name}.skops"
                unknown = set(sio.get_untrusted_types(file=path))
                if unknown - TRUSTED_TYPES:
                    raise UntrustedModelError(
                        f"{path.name} names types that are not loaded: "
                        f"{sorted(unknown - TRUSTED_TYPES)}"
                    )
                component.clf = sio.load(path, trusted=sorted(unknown))
        except UntrustedModelError:
            raise
        except ValueError as error:  # nothing stored: the component was not trained
            logger.debug("No trained %s in the model: %s", cls.__name__, error)
        return component
