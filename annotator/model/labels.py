"""The label schema: which labels exist on which layer, their colour and key."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotator.model.spans import LAYERS

# A palette for labels that arrive without a colour (unknown labels on import).
FALLBACK_COLOURS = (
    "#8dd3c7",
    "#ffffb3",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
    "#fccde5",
    "#d9d9d9",
    "#bc80bd",
    "#ccebc5",
    "#ffed6f",
)


# Default_Ignorable_Code_Point characters that are not of category Cf (those are
# refused by category): fillers and variation selectors render as nothing.
_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
) | frozenset(map(chr, range(0xFE00, 0xFE10)))


def label_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a label name, or None when it can.

    A name is one word a person can see and type: no whitespace, no control,
    format (U+200B, U+FEFF, U+2060 ...), surrogate or filler character, and at
    least one character that is not a combining mark. Such characters would
    make two labels look the same, or a label look like nothing.
    """
    if not name:
        return "label name '' is empty"
    for c in name:
        kind = unicodedata.category(c)
        if c.isspace() or kind[0] == "Z":
            return f"label name {name!r} must be one word (it holds whitespace U+{ord(c):04X})"
        if kind in ("Cc", "Cf", "Cs") or c in _IGNORABLE:
            what = unicodedata.name(c, "a control character" if kind == "Cc" else "a surrogate")
            return f"label name {name!r} holds an invisible character U+{ord(c):04X} ({what})"
    if all(unicodedata.category(c)[0] == "M" for c in name):
        return f"label name {name!r} is only combining marks"
    return None


def check_label_name(name: str) -> str:
    """``name``, or ValueError saying why it cannot be a label name."""
    problem = label_name_problem(name)
    if problem is not None:
        raise ValueError(problem)
    return name


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    layer: str
    colour: str = "#d9d9d9"
    key: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if not self.name or any(c.isspace() for c in self.name):
            raise ValueError(f"label name {self.name!r} must be one word")
        if self.layer not in LAYERS:
            raise ValueError(f"label {self.name}: unknown layer {self.layer!r}")


class LabelSchema:
    """An ordered set of labels; the order gives the number keys 1-9 per layer."""

    def __init__(self, labels: Iterable[Label] = ()) -> None:
        self._labels: dict[tuple[str, str], Label] = {}
        for label in labels:
            self.add(label)

    @classmethod
    def from_toml(cls, text: str) -> LabelSchema:
        """Read ``[[label]]`` tables with name, layer, colour, key, description."""
        import tomllib  # here, not at the top: only label files need it (~5 ms of a cold start)

        data = tomllib.loads(text)
        labels = []
        for i, item in enumerate(data.get("label", [])):
            try:
                labels.append(Label(**item))
                check_label_name(labels[-1].name)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"label #{i + 1}: {exc}") from None
        return cls(labels)

    def add(self, label: Label) -> Label:
        key = (label.layer, label.name)
        if key not in self._labels:
            self._labels[key] = label
        return self._labels[key]

    def add_unknown(self, name: str, layer: str) -> Label:
        """Add a label met on import; it gets a colour from the fallback palette."""
        colour = FALLBACK_COLOURS[len(self._labels) % len(FALLBACK_COLOURS)]
        return self.add(Label(name=check_label_name(name), layer=layer, colour=colour))

    def get(self, name: str, layer: str) -> Label | None:
        return self._labels.get((layer, name))

    def layer_of(self, name: str) -> str | None:
        """The layer a label name belongs to (the first one, in layer order)."""
        for layer in LAYERS:
            if (layer, name) in self._labels:
                return layer
        return None

    def for_layer(self, layer: str) -> list[Label]:
        return [label for label in self._labels.values() if label.layer == layer]

    def __iter__(self) -> Iterator[Label]:
        return iter(self._labels.values())

    def __len__(self) -> int:
        return len(self._labels)

    def __contains__(self, item: object) -> bool:
        return isinstance(item, Label) and (item.layer, item.name) in self._labels
