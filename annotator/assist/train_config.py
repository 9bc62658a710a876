"""The ``config.cfg`` a training run uses, derived from the export's own config.

The export writes one config for every layer it holds (docs/export.md); a
training run keeps the components of the layers asked for, caps each span
categorizer's n-gram suggester (``MAX_SPAN_TOKENS``), sets the step budget and
evaluation frequency, plugs in annotator's progress logger and, with a base
pipeline, sources that pipeline's ``ner`` instead of a blank one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.formats.export_model import BOILERPLATE_KEY, CUES_KEY, QUOTES_KEY, SOURCES_KEY
from annotator.formats.spacy_config import component_name
from annotator.model import BOILERPLATE, ENTITY, QUOTE

# Components per layer: entities -> ner; quote parts and boilerplate -> one spancat per span key.
LAYER_KEYS: dict[str, tuple[str, ...]] = {
    ENTITY: (),
    QUOTE: (QUOTES_KEY, CUES_KEY, SOURCES_KEY),
    BOILERPLATE: (BOILERPLATE_KEY,),
}
# The longest span (in tokens) each span categorizer's suggester proposes. The export
# sizes suggesters to the longest span it holds (a PolNeAR quote runs to 200+ tokens,
# a footer to 300+), but candidates grow as tokens x sizes, so training slows ~linearly
# with the cap: longer spans are not learned (docs/train.md).
MAX_SPAN_TOKENS: dict[str, int] = {QUOTES_KEY: 40, CUES_KEY: 6, SOURCES_KEY: 10, BOILERPLATE_KEY: 60}
LOGGER = "annotator.ProgressLogger.v1"
BLANK = "blank"


class TrainConfigError(ValueError):
    """The export cannot train what was asked (a layer it does not hold, a base without ner)."""


def components_for(layers: tuple[str, ...]) -> list[str]:
    names = ["ner"] if ENTITY in layers else []
    return names + [component_name(key) for layer in layers for key in LAYER_KEYS[layer]]


def training_config(
    export_cfg: Path,
    *,
    layers: tuple[str, ...],
    max_steps: int,
    base: str = BLANK,
    eval_frequency: int | None = None,
    seed: int = 0,
) -> Any:
    """A ``thinc`` ``Config`` for ``spacy.training``, with paths relative to the export folder."""
    from spacy import util

    cfg = util.load_config(export_cfg, interpolate=False)
    present = list(cfg["nlp"]["pipeline"])
    # The shared tok2vec stays: the export's components listen to it.
    wanted = [name for name in ["tok2vec", *components_for(layers)] if name in present]
    missing = [layer for layer in layers if not any(n in present for n in components_for((layer,)))]
    if base != BLANK and not any(n.startswith("spancat_") for n in wanted):
        # The sourced ner brings its own tok2vec; nothing would listen to the shared one.
        wanted = [n for n in wanted if n != "tok2vec"]
    if missing:
        raise TrainConfigError(
            f"the done articles hold no {' and no '.join(missing)} spans: nothing to train for "
            f"--layer {','.join(missing)}"
        )
    for name in present:
        if name not in wanted:
            del cfg["components"][name]
            cfg["initialize"]["components"].pop(name, None)
    cfg["nlp"]["pipeline"] = wanted
    for key in (k for layer in layers for k in LAYER_KEYS[layer]):
        block = cfg["components"].get(component_name(key))
        if block is not None:
            sizes = block["suggester"]
            sizes["max_size"] = min(sizes["max_size"], MAX_SPAN_TOKENS[key])
            sizes["min_size"] = min(sizes["min_size"], sizes["max_size"])
    weights = cfg["training"]["score_weights"]
    keep = {"ents_f", "ents_p", "ents_r"} if "ner" in wanted else set()
    for name in wanted:
        if name.startswith("spancat_"):
            key = name.removeprefix("spancat_")
            keep |= {f"spans_{key}_f", f"spans_{key}_p", f"spans_{key}_r"}
    cfg["training"]["score_weights"] = {k: v for k, v in weights.items() if k in keep}
    fs = [k for k in cfg["training"]["score_weights"] if k.endswith("_f")]
    for k in fs:
        cfg["training"]["score_weights"][k] = round(1.0 / len(fs), 2)
    cfg["training"]["max_steps"] = max_steps
    cfg["training"]["max_epochs"] = 0
    cfg["training"]["seed"] = seed
    cfg["training"]["patience"] = 0
    cfg["training"]["eval_frequency"] = eval_frequency or max(1, min(200, max_steps // 10))
    cfg["training"]["logger"] = {"@loggers": LOGGER}
    if base != BLANK and "ner" in wanted:
        cfg["components"]["ner"] = _sourced_ner(base)
        cfg["initialize"]["components"].pop("ner", None)
    return cfg


def _sourced_ner(base: str) -> dict[str, Any]:
    """``[components.ner]`` sourced from ``base`` (a package name or a pipeline folder)."""
    import spacy

    try:
        nlp = spacy.load(base)
    except (OSError, ValueError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TrainConfigError(f"--base {base}: cannot load this spaCy pipeline ({first[:200]})") from None
    if "ner" not in nlp.pipe_names:
        raise TrainConfigError(
            f"--base {base}: this pipeline has no 'ner' to fine-tune (components: {', '.join(nlp.pipe_names)})"
        )
    block: dict[str, Any] = {"source": base}
    tok2vec = nlp.config["components"]["ner"]["model"].get("tok2vec", {})
    if "Listener" in str(tok2vec.get("@architectures", "")):
        # ner shares the base's tok2vec: give it its own copy so it trains alone.
        block["replace_listeners"] = ["model.tok2vec"]
    return block
