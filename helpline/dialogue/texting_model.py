"""A language model of how people text, learnt from the bot's own NLU examples.

Off-the-shelf detectors learn from books and the web; our users write "toi muon lam bang lai",
"q necesito pa la licencia", "m pa gen papye". The NLU folders (bot/data/nlu/<code>/) hold thousands
of such messages per language, so a naive Bayes over their character n-grams knows them far better.
A new language's NLU folder teaches it that language: no Python.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

NLU_DIR = Path(__file__).resolve().parents[2] / "bot" / "data" / "nlu"
# Character n-grams up to this length inside each word, plus the whole word.
MAX_NGRAM = 4
# Additive smoothing for the n-grams a language's examples never use (kept small: a single unseen
# n-gram, a typo or a name, should not outweigh the rest of the message).
SMOOTHING = 0.1
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _unaccented(word: str) -> str:
    """The word without accents (plain_words' folding is too slow for every word of every message)."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def text_features(text: str, ignored: frozenset[str] = frozenset()) -> list[str]:
    """The words and in-word character n-grams of a message, lowercased, leaving out the ignored
    words (written without accents)."""
    features = []
    for word in re.findall(r"\w+", unicodedata.normalize("NFC", text.lower())):
        if ignored and _unaccented(word) in ignored:
            continue
        features.append("w:" + word)
        padded = f" {word} "
        for size in range(1, MAX_NGRAM + 1):
            features.extend(padded[i:i + size] for i in range(len(padded) - size + 1))
    return features


def read_examples(folder: Path) -> list[str]:
    """Every example message in one language's NLU files, annotations removed."""
    examples = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}
        for item in data.get("nlu") or ():
            if "intent" not in item:
                continue
            for line in str(item.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append(ANNOTATION.sub(r"\1", line[2:]))
    return examples


@dataclass(frozen=True)
class TextingModel:
    """Per-feature log-probabilities for each language that has NLU examples (one flat array, so
    each web worker holds a few MB, not a tuple per n-gram)."""

    codes: tuple[str, ...]
    index: dict[str, int]
    log_probs: array
    # Words that say nothing of a language (place names): Brazilians write "Florida" more than
    # others do, which must not make "Florida ạ" Portuguese.
    ignored: frozenset[str] = frozenset()
    # Each language's log-probability of a feature its examples never use (the smoothing floor).
    floors: tuple[float, ...] = ()

    def log_likelihoods(self, text: str) -> tuple[dict[str, float], int]:
        """Each language's log-likelihood of the message, and how many known features it has."""
        width = len(self.codes)
        totals = [0.0] * width  # no prior here: the registry's `share` is the one (language.py)
        known = 0
        for feature in text_features(text, self.ignored):
            row = self.index.get(feature)
            if row is None:  # seen in no language: no evidence either way
                continue
            known += 1
            offset = row * width
            for i in range(width):
                totals[i] += self.log_probs[offset + i]
        return dict(zip(self.codes, totals, strict=True)), known

    def word_coverage(self, text: str) -> dict[str, float]:
        """Each language's share of the message's words that its examples use (ignored words left
        out): unaccented Vietnamese our users write in full is no Tagalog, however it looks."""
        words = [feature for feature in text_features(text, self.ignored) if feature.startswith("w:")]
        width, seen = len(self.codes), [0] * len(self.codes)
        for word in words:
            row = self.index.get(word)
            if row is not None:
                for i in range(width):
                    seen[i] += self.log_probs[row * width + i] > self.floors[i] + 1e-9
        return {code: seen[i] / len(words) if words else 0.0 for i, code in enumerate(self.codes)}


def train_model(examples: dict[str, list[str]], ignored: frozenset[str] = frozenset()) -> TextingModel:
    """Count features per language and turn them into smoothed log-probabilities."""
    codes = tuple(code for code, texts in examples.items() if texts)
    counts: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        for text in examples[code]:
            for feature in text_features(text, ignored):
                counts.setdefault(feature, [0] * len(codes))[i] += 1
    totals = [sum(row[i] for row in counts.values()) for i in range(len(codes))]
    denominators = [math.log(total + SMOOTHING * len(counts)) for total in totals]
    index = {feature: row for row, feature in enumerate(counts)}
    log_probs = array("d", (math.log(n + SMOOTHING) - denominators[i] for row in counts.values() for i, n in enumerate(row)))
    floors = tuple(math.log(SMOOTHING) - denominator for denominator in denominators)
    return TextingModel(codes, index, log_probs, ignored, floors)


@lru_cache(maxsize=4)
def texting_model(codes: tuple[str, ...], ignored: frozenset[str] = frozenset(), nlu_dir: Path = NLU_DIR) -> TextingModel:
    """The model for these languages, trained once per process from their NLU folders."""
    return train_model({code: read_examples(nlu_dir / code) for code in codes}, ignored)
