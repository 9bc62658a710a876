"""The ``config.cfg`` a training run uses, derived from the export's own config.

The export writes one config for every layer it holds (docs/export.md); a
training run keeps the components of the layers asked for, sets the step
budget and evaluation frequency, plugs in annotator's progress logger and, with
a base pipeline, sources that pipeline's ``ner`` instead of a blank one.

Span categorizers do not train on the export's n-gram suggester (every span of
1 to N tokens is a candidate: ~30,000 per article, ~15 of them right, far too
slow to learn on a CPU). Quote parts (``spancat_quotes``, ``spancat_quote_cues``,
``spancat_quote_sources``) score the linguistic candidates each doc carries in
``doc.spans["<key>_candidates"]`` (``quote_candidates``; spaCy's
``spacy.preset_spans_suggester.v1``), behind a pattern-light ``span_ruler`` that keeps
them; the training reads them with ``annotator.CandidateCorpus.v1`` and the shared
``tok2vec`` also embeds ``FEATURES``. Boilerplate's ``spancat_boilerplate`` gets a
``span_finder_boilerplate`` before it (spaCy's ``span_finder``: it learns which
tokens start and end a block, and proposes every start-end pair up to
``MAX_SPAN_TOKENS``), an ``annotating_component`` so the spancat trains on its
proposals. All of them listen to one smaller ``tok2vec`` (``TOK2VEC``).
Only built-in functions: ``spacy.load`` needs nothing of annotator's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.assist.quote_candidates import KEYS as CANDIDATE_KEYS
from annotator.assist.quote_candidates import candidate_key
from annotator.formats.export_model import BOILERPLATE_KEY, CUES_KEY, QUOTES_KEY, SOURCES_KEY
from annotator.formats.spacy_config import component_name
from annotator.model import BOILERPLATE, ENTITY, QUOTE

# Components per layer: entities -> ner; quote parts and boilerplate -> one spancat per span key.
LAYER_KEYS: dict[str, tuple[str, ...]] = {
    ENTITY: (),
    QUOTE: (QUOTES_KEY, CUES_KEY, SOURCES_KEY),
    BOILERPLATE: (BOILERPLATE_KEY,),
}
# The longest span (in tokens) each span finder proposes (a PolNeAR quote runs to 200+
# tokens, a footer to 300+). Candidates are start x end pairs of the finder's
# predicted boundaries, so a long cap costs little; longer spans are not learned
# (docs/train.md).
MAX_SPAN_TOKENS: dict[str, int] = {QUOTES_KEY: 50, CUES_KEY: 8, SOURCES_KEY: 16, BOILERPLATE_KEY: 150}
# A token starts (ends) a candidate when the span finder scores it at least this:
# below spaCy's 0.5, for recall; the span categorizer filters the candidates.
FINDER_THRESHOLD = 0.2
# The span finder's output starts at sigmoid(-3) ~ 0.05 (spaCy's starts at 0.5: every
# token a start and an end, so the first hundred steps would score every pair of
# tokens up to the cap, tens of thousands per batch); starts and ends are ~3% of tokens.
FINDER_BIAS = -3.0
# The shared tok2vec of a span layer training: narrower than the export's (96 wide,
# depth 4), a third of the arithmetic per token; each token still sees 3 on each side.
TOK2VEC = {"width": 64, "depth": 3}
# Adam's learning rate for span layers (spaCy's default 0.001 is tuned for
# thousands of steps; a few hundred on a CPU need larger ones).
SPAN_LEARN_RATE = 0.005
# Words per batch for span layers: the export's batcher starts at 100 and compounds by
# 0.1% a step, so a few hundred steps would see a dozen articles; a fixed 1,000 words is
# ~15 paragraphs a step, and as cheap per word.
SPAN_BATCH_WORDS = 1000
LOGGER = "annotator.ProgressLogger.v1"
# The training's reader: spaCy's, with the candidate span groups copied onto the
# predicted docs (quote_candidates.candidate_corpus); the saved config names spaCy's.
CANDIDATE_READER = "annotator.CandidateCorpus.v1"
# Token features the shared tok2vec embeds beside the words when quote parts train
# (quote_candidates.set_features): the parser's part of speech and dependency label,
# and the quote rules' part of each token as its tag; attribute -> hash-embedding rows.
FEATURES = {"POS": 100, "DEP": 200, "TAG": 100}
BLANK = "blank"


class TrainConfigError(ValueError):
    """The export cannot train what was asked (a layer it does not hold, a base without ner)."""


def components_for(layers: tuple[str, ...]) -> list[str]:
    names = ["ner"] if ENTITY in layers else []
    return names + [component_name(key) for layer in layers for key in LAYER_KEYS[layer]]


_MARKS_OPEN, _MARKS_CLOSE = ['"', "“"], ['"', "”"]
RULER_PATTERNS: dict[str, list[dict[str, Any]]] = {
    QUOTES_KEY: [
        {
            "label": "QUOTED",
            "pattern": [
                {"ORTH": {"IN": _MARKS_OPEN}},
                {"ORTH": {"NOT_IN": _MARKS_OPEN + _MARKS_CLOSE}, "OP": "+"},
                {"ORTH": {"IN": _MARKS_CLOSE}},
            ],
        }
    ],
    CUES_KEY: [
        {"label": "CUE", "pattern": [{"LOWER": {"IN": ["said", "says", "say", "told", "added", "stated"]}}]},
        {"label": "CUE", "pattern": [{"LOWER": "according"}, {"LOWER": "to"}]},
    ],
    SOURCES_KEY: [{"label": "SOURCE", "pattern": [{"LOWER": {"IN": ["he", "she", "they", "we", "i"]}}]}],
}


def ruler_name(key: str) -> str:
    return f"candidates_{key}"


def finder_name(key: str) -> str:
    return f"span_finder_{key}"


def _with_span_finder(cfg: Any, key: str) -> str:
    """Put ``span_finder_<key>`` in front of ``spancat_<key>`` as its suggester; returns its name."""
    name, finder = component_name(key), finder_name(key)
    block = cfg["components"][name]
    block["suggester"] = {"@misc": "spacy.preset_spans_suggester.v1", "spans_key": key}
    listener = dict(block["model"]["tok2vec"])
    cfg["components"][finder] = {
        "factory": "span_finder",
        "spans_key": key,
        "threshold": FINDER_THRESHOLD,
        "max_length": MAX_SPAN_TOKENS[key],
        "min_length": 1,
        "scorer": {"@scorers": "spacy.span_finder_scorer.v1"},
        "model": {
            "@architectures": "spacy.SpanFinder.v1",
            "scorer": {
                "@layers": "chain.v1",
                "*": {
                    "linear": {
                        "@layers": "Linear.v1",
                        "nO": 2,
                        "init_b": {"@initializers": "uniform_init.v1", "lo": FINDER_BIAS, "hi": FINDER_BIAS},
                    },
                    "sigmoid": {"@layers": "sigmoid_activation.v1"},
                },
            },
            "tok2vec": listener,
        },
    }
    pipeline = list(cfg["nlp"]["pipeline"])
    pipeline.insert(pipeline.index(name), finder)
    cfg["nlp"]["pipeline"] = pipeline
    return finder


def _with_candidates(cfg: Any, key: str) -> None:
    """``spancat_<key>`` suggests from ``doc.spans["<key>_candidates"]`` (``quote_candidates``)."""
    block = cfg["components"][component_name(key)]
    block["suggester"] = {"@misc": "spacy.preset_spans_suggester.v1", "spans_key": candidate_key(key)}
    # A built-in span_ruler before it keeps the candidates a doc comes with and adds a
    # few parse-free ones (RULER_PATTERNS), so plain ``spacy.load(OUT)(text)`` runs and
    # proposes something; annotator's suggester sets the real candidates first.
    name = ruler_name(key)
    cfg["initialize"]["components"][name] = {"patterns": RULER_PATTERNS[key]}
    cfg["components"][name] = {
        "factory": "span_ruler",
        "spans_key": candidate_key(key),
        "overwrite": False,
        "scorer": None,
        "validate": False,
    }
    pipeline = list(cfg["nlp"]["pipeline"])
    pipeline.insert(pipeline.index(component_name(key)), name)
    cfg["nlp"]["pipeline"] = pipeline


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
    keys = [k for layer in layers for k in LAYER_KEYS[layer] if component_name(k) in cfg["components"]]
    finders = [_with_span_finder(cfg, key) for key in keys if key not in CANDIDATE_KEYS]
    for key in (k for k in keys if k in CANDIDATE_KEYS):
        _with_candidates(cfg, key)
    if any(k in CANDIDATE_KEYS for k in keys):
        for split in ("train", "dev"):
            cfg["corpora"][split]["@readers"] = CANDIDATE_READER
        embed = cfg["components"]["tok2vec"]["model"]["embed"]
        embed["attrs"] = [*embed["attrs"], *FEATURES]
        embed["rows"] = [*embed["rows"], *FEATURES.values()]
    if finders:
        cfg["training"]["annotating_components"] = finders
    if keys:
        cfg["training"]["optimizer"]["learn_rate"] = SPAN_LEARN_RATE
        cfg["training"]["batcher"]["size"] = SPAN_BATCH_WORDS
        encode = cfg["components"]["tok2vec"]["model"]["encode"]
        encode["width"], encode["depth"] = TOK2VEC["width"], TOK2VEC["depth"]
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
