"""One replaced attribute of a Rasa class, checked before and undone after."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


class PatchError(RuntimeError):
    """Rasa is not the version, or a replaced function not the shape, we patch."""


@dataclass
class Replacement:
    """``owner.attribute`` replaced by ``new`` (a function, staticmethod or classmethod).

    ``parameters`` are the parameter names the original must have (as
    ``inspect.signature`` shows them on the class): if Rasa changed the function,
    ``check`` refuses rather than replace something we have not read.
    """

    owner: type | ModuleType
    attribute: str
    new: Any
    parameters: tuple[str, ...]
    _original: Any = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        if isinstance(self.owner, ModuleType):
            return f"{self.owner.__name__}.{self.attribute}"
        return f"{self.owner.__module__}.{self.owner.__qualname__}.{self.attribute}"

    def check(self) -> None:
        """Raise ``PatchError`` unless the original has the expected parameters."""
        current = self._original or self.owner.__dict__.get(self.attribute)
        if current is None:
            raise PatchError(f"{self.name} does not exist")
        found = tuple(inspect.signature(getattr(self.owner, self.attribute)).parameters)
        if self._original is None and found != self.parameters:
            raise PatchError(
                f"{self.name} has parameters {found}, expected {self.parameters}"
            )

    @property
    def installed(self) -> bool:
        return self.owner.__dict__.get(self.attribute) is self.new

    def install(self) -> None:
        """Replace the attribute (once; a second call changes nothing)."""
        if self.installed:
            return
        self._original = self.owner.__dict__[self.attribute]
        setattr(self.owner, self.attribute, self.new)

    def uninstall(self) -> None:
        """Put the original back."""
        if self.installed:
            setattr(self.owner, self.attribute, self._original)
        self._original = None

    def original(self) -> Any:
        """The original attribute as the class gives it (bound as Rasa's was)."""
        raw = self._original or self.owner.__dict__[self.attribute]
        if isinstance(self.owner, ModuleType):
            return raw
        return raw.__get__(None, self.owner)
