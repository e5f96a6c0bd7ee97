"""Replaces ``RasaModel.load`` for prediction: no training step traced at start.

Why: loading the model (``rasa run``) makes Rasa 3.6.21's ``RasaModel.load`` run
``model.fit`` on one example only to create the layers' weights before reading
them from the model file; ``fit`` traces TensorFlow's whole training step
(gradients, optimizer). See docs/architecture.md for the start-up time with and
without this patch.

What stays the same: a model loaded for prediction creates its weights with one
eager pass of the same loss function ``fit`` would run, without gradients or
optimizer, then reads every weight from the model file; the load fails if any
weight of the model is missing from the file (``assert_existing_objects_matched``).
Only the optimizer's saved state, which prediction never uses, is left unread.
Fine-tuning keeps Rasa's path.

To remove it: delete this module and its line in ``patches.PATCHES``.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.models import RasaModel

from rasa_plugins.patches.base import Replacement


def load_model(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """``RasaModel.load`` that builds the weights without tracing a training step."""
    if finetune_mode:
        return LOAD.original()(
            model_file_name,
            model_data_example,
            predict_data_example,
            finetune_mode,
            *args,
            **kwargs,
        )
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
        run_eagerly=config.get(RUN_EAGERLY),
    )
    batch = RasaBatchDataGenerator(model_data_example, batch_size=1)[0]
    model._training = True  # as in train_step: every layer the loss uses is built
    try:
        model.batch_loss(batch)
    finally:
        model._training = None
    status = model.load_weights(model_file_name)
    status.assert_existing_objects_matched()
    status.expect_partial()  # the optimizer's state: not used for prediction
    if predict_data_example:
        model.run_inference(predict_data_example)  # trace prediction now, as Rasa
    return model


LOAD = Replacement(
    RasaModel,
    "load",
    classmethod(load_model),
    (
        "model_file_name",
        "model_data_example",
        "predict_data_example",
        "finetune_mode",
        "args",
        "kwargs",
    ),
)
