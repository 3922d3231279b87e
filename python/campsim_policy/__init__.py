"""Score campsim policy bundles with numpy alone.

A policy bundle (docs/policy-format.md) is the JSON file `campsim run` writes for every
trained arm and `campsim export` rebuilds from a checkpoint. This module reads one, checks its
schema version and SHA-256 checksum, featurises raw inputs with the bundle's own pipeline and
computes the probability of every action exactly as the C++ scorer does (same arithmetic in
the same order, so results agree within 1e-12), and samples decisions with the same
Philox2x64-10 stream, so a decision logged in production replays from its decision id.

It needs only numpy. Copy this package (python/campsim_policy/, five small files) into a
service::

    import campsim_policy
    bundle = campsim_policy.load("policy_lin_ucb.json")
    pmf = bundle.pmf({"segment": ["explorers"], "days_since_visit": [3.0], ...})
    actions, propensities, pmf = bundle.decide(rows, decision_ids=[1234])
"""

import hashlib
import json
import math

import numpy as np

from ._errors import BundleError
from ._policies import policy_pmf
from ._rng import decision_uniform, decision_uniforms, sample, sample_rows

SCHEMA_VERSION = 1
FORMAT = "campsim-policy"

__all__ = ["BundleError", "Bundle", "load", "loads", "decision_uniform", "decision_uniforms", "sample",
           "sample_rows", "SCHEMA_VERSION"]

_log1p = np.frompyfunc(math.log1p, 1, 1)


def _require_eligible(eligible):
    if not eligible.any(axis=1).all():
        raise BundleError("a row has no eligible action")


def _fail(path, what):
    raise BundleError(f"{path or '/'}: {what}")


def _verify_checksum(text, j, source):
    checksum = j.get("checksum")
    if not isinstance(checksum, str) or len(checksum) != 71 or not checksum.startswith("sha256:") \
            or any(c not in "0123456789abcdef" for c in checksum[7:]):
        _fail("/checksum", 'expected "sha256:" and 64 lowercase hex digits')
    quoted = ('"' + checksum + '"').encode()
    data = text.encode() if isinstance(text, str) else bytes(text)
    at = data.find(quoted)
    if at < 0 or data.find(quoted, at + 1) >= 0:
        _fail("/checksum", "the digest must appear exactly once in the file")
    start = at + 1 + len("sha256:")
    zeroed = data[:start] + b"0" * 64 + data[start + 64:]
    actual = hashlib.sha256(zeroed).hexdigest()
    if actual != checksum[7:]:
        _fail("/checksum", "content does not match the checksum (the file was modified after it "
                           f"was written); computed sha256:{actual}")


class Bundle:
    """A loaded policy bundle: featurise raw inputs, score, and sample decisions."""

    def __init__(self, j):
        self.raw = j
        self.inputs = j["features"]["inputs"]
        self.outputs = j["features"]["outputs"]
        self.input_names = [i["name"] for i in self.inputs]
        self.feature_names = [o["name"] for o in self.outputs]
        self.actions = j["actions"]
        self.action_names = [a["name"] for a in self.actions]
        self.seed = int(j["sampling"]["seed"])
        self.probability_floor = float(j["sampling"]["probability_floor"])
        self.policy = j["policy"]
        self.scenario = j["scenario"]
        self.training = j["training"]
        self._input_index = {name: i for i, name in enumerate(self.input_names)}
        if len(self.feature_names) != self._policy_features():
            _fail("/features/outputs", "the number of features does not match the policy")
        if len(self.actions) != self._policy_actions():
            _fail("/actions", "the number of actions does not match the policy")

    def _innermost(self):
        p = self.policy
        while p["kind"] == "throttled":
            p = p["inner"]
        return p

    def _policy_features(self):
        return self._innermost()["num_features"]

    def _policy_actions(self):
        return self._innermost()["num_actions"]

    @property
    def num_actions(self):
        return len(self.actions)

    def raw_matrix(self, rows):
        """Raw inputs as the float64 matrix the pipeline reads: rows maps every input name to a
        sequence (a dict of lists/arrays or a pandas DataFrame). Missing numeric values are NaN
        or None; categorical values are category names (None or NaN for missing)."""
        columns = []
        n = None
        for spec in self.inputs:
            name = spec["name"]
            if name not in rows:
                raise BundleError(f"no values for input {name!r} (inputs: {', '.join(self.input_names)})")
            values = rows[name]
            if spec["type"] == "categorical":
                lookup = {c: float(i) for i, c in enumerate(spec["categories"])}
                column = []
                for v in values:
                    if v is None or (isinstance(v, float) and math.isnan(v)):
                        column.append(math.nan)
                    elif v in lookup:
                        column.append(lookup[v])
                    else:
                        raise BundleError(f"input {name!r}: {v!r} is not a category "
                                          f"({', '.join(spec['categories'])})")
                column = np.asarray(column, dtype=np.float64)
            else:
                array = values.to_numpy() if hasattr(values, "to_numpy") else values  # pandas
                if isinstance(array, np.ndarray) and array.dtype.kind in "fiub":
                    column = array.astype(np.float64)
                else:
                    column = np.asarray([math.nan if v is None else v for v in values], dtype=np.float64)
            if n is not None and len(column) != n:
                raise BundleError(f"input {name!r} has {len(column)} values, others have {n}")
            n = len(column)
            columns.append(column)
        return np.stack(columns, axis=1) if columns else np.zeros((0, 0))

    def featurize(self, raw):
        """The float32 context of every row of a raw matrix (see raw_matrix)."""
        raw = np.asarray(raw, dtype=np.float64)
        out = np.zeros((raw.shape[0], len(self.outputs)), dtype=np.float32)
        for o, spec in enumerate(self.outputs):
            source = self._input_index[spec["input"]]
            v = raw[:, source].copy()
            for step in spec["steps"]:
                op = step["op"]
                if op == "fill_missing":
                    v = np.where(np.isnan(v), step["value"], v)
                elif op == "clip":
                    if step["min"] is not None:
                        v = np.where(v < step["min"], step["min"], v)
                    if step["max"] is not None:
                        v = np.where(step["max"] < v, step["max"], v)
                elif op == "log1p":
                    with np.errstate(invalid="ignore"):
                        v = np.asarray(_log1p(v), dtype=np.float64)
                elif op == "divide":
                    v = v / step["by"]
                elif op == "standardize":
                    v = (v - step["mean"]) / step["sd"]
                elif op == "one_hot":
                    category = float(self.inputs[source]["categories"].index(step["category"]))
                    v = np.where(v == category, 1.0, 0.0)
                else:
                    _fail(f"/features/outputs/{o}", f"unknown step {op!r}")
            if not np.isfinite(v).all():
                bad = int(np.nonzero(~np.isfinite(v))[0][0])
                what = ("is missing and the feature has no fill_missing step" if np.isnan(raw[bad, source])
                        else f"gives a non-finite value ({raw[bad, source]})")
                raise BundleError(f"row {bad}: feature {spec['name']!r}: input {spec['input']!r} {what}")
            out[:, o] = v.astype(np.float32)
        return out

    def _eligible(self, n, eligible):
        if eligible is None:
            return np.ones((n, self.num_actions), dtype=bool)
        eligible = np.asarray(eligible).astype(bool)
        if eligible.shape != (n, self.num_actions):
            raise BundleError(f"eligible must have shape ({n}, {self.num_actions}), not {eligible.shape}")
        return eligible

    def pmf_from_context(self, context, eligible=None):
        """Probabilities (n, actions) for featurised contexts (n, features)."""
        x = np.asarray(context, dtype=np.float32).astype(np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.feature_names):
            raise BundleError(f"context must have shape (n, {len(self.feature_names)})")
        eligible = self._eligible(len(x), eligible)
        _require_eligible(eligible)
        pmf = policy_pmf(self.policy, x, eligible)
        f = self.probability_floor
        if f > 0.0:
            n = eligible.sum(axis=1).astype(np.float64)
            pmf = np.where(eligible, f + (1.0 - n * f)[:, None] * pmf, pmf)
        return pmf

    def pmf(self, rows, eligible=None):
        """Probabilities (n, actions) for raw inputs: a mapping of input name -> values, or an
        already built raw matrix (numpy array)."""
        raw = rows if isinstance(rows, np.ndarray) else self.raw_matrix(rows)
        return self.pmf_from_context(self.featurize(raw), eligible)

    def decide(self, rows, decision_ids, eligible=None, seed=None):
        """Sampled actions, their propensities and the full pmf; decision i uses the uniform
        decision_uniform(seed, decision_ids[i]) (seed defaults to the bundle's)."""
        pmf = self.pmf(rows, eligible)
        seed = self.seed if seed is None else seed
        if not isinstance(decision_ids, np.ndarray):
            decision_ids = list(decision_ids)
        if len(decision_ids) != len(pmf):
            raise BundleError(f"{len(decision_ids)} decision ids for {len(pmf)} rows")
        actions = sample_rows(pmf, decision_uniforms(seed, decision_ids)).astype(np.int64)
        return actions, pmf[np.arange(len(pmf)), actions], pmf


def loads(text, source="<string>"):
    """A Bundle from JSON text; raises BundleError naming `source` on any problem."""
    try:
        try:
            j = json.loads(text)
        except (ValueError, UnicodeDecodeError) as e:
            _fail("", f"not valid JSON (truncated or corrupted?): {e}")
        if not isinstance(j, dict):
            _fail("", "expected a JSON object")
        if j.get("format") != FORMAT:
            _fail("/format", f'expected "{FORMAT}"')
        version = j.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            _fail("/schema_version", "expected an integer >= 1")
        if version > SCHEMA_VERSION:
            _fail("/schema_version", f"bundle schema version {version} is newer than this reader "
                                     f"understands ({SCHEMA_VERSION}); upgrade campsim_policy")
        _verify_checksum(text, j, source)
        return Bundle(j)
    except BundleError as e:
        raise BundleError(f"{source}: {e}") from None
    except (KeyError, TypeError, IndexError, AttributeError) as e:
        raise BundleError(f"{source}: malformed bundle ({type(e).__name__}: {e})") from None


def load(path):
    """A Bundle from a file."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BundleError(f"{path}: not UTF-8 text: {e}") from None
    return loads(text, str(path))
