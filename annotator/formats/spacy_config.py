"""``config.cfg`` for ``spacy train``, made with spaCy's own ``init config`` machinery.

``init_config`` renders spaCy's quickstart template for ``ner`` and one
``spancat``; that spancat block is then cloned once per span key present in
the export (``spancat_quotes``, ``spancat_boilerplate`` ...), each with
``spans_key`` set to its key, and the result is auto-filled and validated by
loading it, as ``init fill-config`` does. Two things the template gets wrong
for our data are fixed:

- score weights: spancat's factory always declares ``spans_sc_*``, a key
  that does not exist in our files; they are replaced by ``spans_<key>_f/p/r``.
- suggester: the default n-gram suggester proposes 1-3 tokens, which can
  never match a 10-60-token quote or a whole boilerplate block. Each spancat
  gets ``spacy.ngram_range_suggester.v1`` spanning the shortest to the
  longest span of its key in the export (all splits), so every annotated span can
  be proposed (a built-in function: the config needs no ``--code``).
"""

from __future__ import annotations

import copy
from typing import Any

from annotator.formats.export_model import SPAN_KEYS


def component_name(key: str) -> str:
    return f"spancat_{key}"


def make_config(
    *,
    lang: str,
    entities: bool,
    span_lengths: dict[str, tuple[int, int]],
    span_labels: dict[str, list[str]] | None = None,
    train: str = "train.spacy",
    dev: str = "dev.spacy",
) -> Any:
    """A filled, validated ``thinc.api.Config``.

    ``span_lengths`` maps each span key present in the export to the
    (shortest, longest) span in tokens; ``span_labels`` maps keys to their
    labels, given to each spancat's ``initialize`` so it starts even when the
    train split holds no span of its key.
    """
    from spacy import util
    from spacy.cli.init_config import init_config

    keys = [k for k in SPAN_KEYS if k in span_lengths]
    pipeline = (["ner"] if entities else []) + (["spancat"] if keys else [])
    if not pipeline:
        raise ValueError("nothing to train: the export has no entities and no spans")
    config = init_config(lang=lang, pipeline=pipeline, optimize="efficiency")
    cfg = util.load_config_from_str(config.to_str(), interpolate=False)
    if keys:
        template = cfg["components"].pop("spancat")
        names = []
        for key in keys:
            lo, hi = span_lengths[key]
            block = copy.deepcopy(template)
            block["spans_key"] = key
            block["suggester"] = {
                "@misc": "spacy.ngram_range_suggester.v1",
                "min_size": max(1, lo),
                "max_size": max(1, hi, lo),
            }
            cfg["components"][component_name(key)] = block
            names.append(component_name(key))
            if span_labels and span_labels.get(key):
                cfg["initialize"]["components"][component_name(key)] = {"labels": list(span_labels[key])}
        cfg["nlp"]["pipeline"] = [p for p in cfg["nlp"]["pipeline"] if p != "spancat"] + names
    cfg["paths"]["train"] = train
    cfg["paths"]["dev"] = dev
    # Fill and validate as `spacy init fill-config` does (load, then load again).
    nlp = util.load_model_from_config(cfg, auto_fill=True, validate=True)
    filled = util.load_config_from_str(nlp.config.to_str(), interpolate=False)
    weights = {k: v for k, v in filled["training"]["score_weights"].items() if not k.startswith("spans_sc_")}
    share = round(1.0 / (len(keys) + (1 if entities else 0)), 2)
    if entities:
        weights["ents_f"] = share
    for key in keys:
        weights.update({f"spans_{key}_f": share, f"spans_{key}_p": 0.0, f"spans_{key}_r": 0.0})
    filled["training"]["score_weights"] = weights
    util.load_model_from_config(filled, auto_fill=False, validate=True)
    return filled
