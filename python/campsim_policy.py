"""Score campsim policy bundles with numpy alone.

A policy bundle (docs/policy-format.md) is the JSON file `campsim run` writes for every
trained arm and `campsim export` rebuilds from a checkpoint. This module reads one, checks its
schema version and SHA-256 checksum, featurises raw inputs with the bundle's own pipeline and
computes the probability of every action exactly as the C++ scorer does (same arithmetic in
the same order, so results agree within 1e-12), and samples decisions with the same
Philox2x64-10 stream, so a decision logged in production replays from its decision id.

It needs only numpy. Copy this one file into a service::

    import campsim_policy
    bundle = campsim_policy.load("policy_lin_ucb.json")
    pmf = bundle.pmf({"segment": ["explorers"], "days_since_visit": [3.0], ...})
    actions, propensities, pmf = bundle.decide(rows, decision_ids=[1234])
"""

import hashlib
import json
import math

import numpy as np

SCHEMA_VERSION = 1
FORMAT = "campsim-policy"

__all__ = ["BundleError", "Bundle", "load", "loads", "decision_uniform", "SCHEMA_VERSION"]


class BundleError(ValueError):
    """A bundle that cannot be read, or inputs that do not fit it."""


# ---------------------------------------------------------------------------------------------
# Philox2x64-10 and the decision stream (core/rng.h)

_M64 = (1 << 64) - 1
_TAG_AGENT = 5


def _mix64(x):
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def _philox(hi, lo, key):
    r0, r1 = lo, hi
    for _ in range(10):
        product = 0xD2B74407B1CE6E93 * r0
        r0 = ((product >> 64) ^ key ^ r1) & _M64
        r1 = product & _M64
        key = (key + 0x9E3779B97F4A7C15) & _M64
    return r0, r1


def decision_uniform(seed, decision_id):
    """The uniform in [0, 1) that decides decision `decision_id` under `seed`."""
    seed, a = int(seed) & _M64, int(decision_id) & _M64
    key = _mix64(seed ^ 0x6A09E667F3BCC909)
    stream = _mix64(_mix64(_TAG_AGENT) ^ _mix64((a + 0x3C6EF372FE94F82B) & _M64)
                    ^ _mix64((_mix64(0) + 0xA54FF53A5F1D36F1) & _M64))
    bits, _ = _philox(stream, 0, key)
    return (bits >> 11) * 2.0 ** -53


# ---------------------------------------------------------------------------------------------
# Exploration rules (policies/explore.cc), vectorised over rows

_INV_SQRT2 = 0.70710678118654752440
_INV_SQRT2_PI = 0.39894228040143267794
_REACH = 5.0
_GAUSSIAN_GRID = 41
_BETA_GRID = 400

# Bands of |x| for _erfc: (upper bound, method, terms), each accurate to ~1e-15 absolute.
_ERFC_BANDS = ((1.0, "series", 20), (2.0, "series", 30), (3.0, "fraction", 40),
               (4.5, "fraction", 16), (6.0, "fraction", 8))


def _erfc(x):
    """erfc to ~1e-15 absolute error, vectorised. |x| < 2: erf(y) = 2y/sqrt(pi) exp(-y^2) *
    sum_n (2y^2)^n / (1*3*...*(2n+1)) (positive terms, no cancellation); otherwise the
    continued fraction erfc(y) = exp(-y^2)/sqrt(pi) / (y + (1/2)/(y + 1/(y + (3/2)/(y + ...))));
    erfc(|x| >= 6) < 2.2e-17 counts as 0. Term counts per band: _ERFC_BANDS."""
    x = np.asarray(x, dtype=np.float64)
    y = np.abs(x)
    tail = np.zeros_like(y)  # erfc(|x|)
    lower = 0.0
    for upper, method, terms in _ERFC_BANDS:
        band = (y >= lower) & (y < upper)
        lower = upper
        yb = y[band]
        if method == "series":
            t = 2.0 * yb * yb
            term = np.ones_like(yb)
            total = np.ones_like(yb)
            for n in range(1, terms):
                term = term * t / (2 * n + 1)
                total = total + term
            tail[band] = 1.0 - 2.0 / math.sqrt(math.pi) * yb * np.exp(-yb * yb) * total
        else:
            f = yb.copy()
            for n in range(terms, 0, -1):
                f = yb + (0.5 * n) / f
            tail[band] = np.exp(-yb * yb) / math.sqrt(math.pi) / f
    return np.where(np.isnan(x), np.nan, np.where(x < 0, 2.0 - tail, tail))


_log1p = np.frompyfunc(math.log1p, 1, 1)


def _require_eligible(eligible):
    if not eligible.any(axis=1).all():
        raise BundleError("a row has no eligible action")


def _argmax(scores, eligible):
    return np.argmax(np.where(eligible, scores, -np.inf), axis=1)


def _normalise(out, eligible):
    out = np.where(eligible, out, 0.0)
    total = np.zeros(out.shape[0])
    for a in range(out.shape[1]):
        total = total + out[:, a]
    bad = ~(total > 0.0) | ~np.isfinite(total)
    n = eligible.sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        normal = np.minimum(1.0, out / total[:, None])
    uniform = eligible / n[:, None]
    return np.where(eligible, np.where(bad[:, None], uniform, normal), 0.0)


def argmax_pmf(scores, eligible):
    out = np.zeros(scores.shape)
    out[np.arange(len(out)), _argmax(scores, eligible)] = 1.0
    return out


def epsilon_greedy_pmf(scores, eligible, epsilon):
    n = eligible.sum(axis=1).astype(np.float64)
    out = np.where(eligible, (epsilon / n)[:, None], 0.0)
    rows, best = np.arange(len(out)), _argmax(scores, eligible)
    out[rows, best] = np.minimum(1.0, out[rows, best] + (1.0 - epsilon))
    return out


def softmax_pmf(scores, eligible, temperature):
    top = np.where(eligible, scores, -np.inf)[np.arange(len(scores)), _argmax(scores, eligible)]
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.where(eligible, np.exp((scores - top[:, None]) / temperature), 0.0)
    return _normalise(out, eligible)


def _cdf(means_b, sds_b, s):
    with np.errstate(divide="ignore", invalid="ignore"):
        smooth = 0.5 * _erfc(-(s - means_b) / np.where(sds_b > 0, sds_b, 1.0) * _INV_SQRT2)
    point = np.where(s > means_b, 1.0, np.where(s < means_b, 0.0, 0.5))
    return np.where(sds_b <= 0.0, point, smooth)


def gaussian_argmax_pmf(means, sds, eligible):
    """P(action has the largest of independent N(mean, sd^2) draws): GaussianArgmaxPmf."""
    n, k = means.shape
    spread = np.maximum(sds, 0.0)
    floor = np.max(np.where(eligible, means - _REACH * spread, -np.inf), axis=1)
    contender = eligible & ~(means + _REACH * spread < floor[:, None])
    count = contender.sum(axis=1)
    any_spread = (contender & (sds > 0.0)).any(axis=1)
    out = np.zeros((n, k))
    simple = (count == 1) | ~any_spread
    if simple.any():
        out[simple] = argmax_pmf(means[simple], contender[simple])
    two = ~simple & (count == 2)
    if two.any():
        rows = np.nonzero(two)[0]
        first = np.argmax(contender[rows], axis=1)
        second = k - 1 - np.argmax(contender[rows][:, ::-1], axis=1)
        ma, mb = means[rows, first], means[rows, second]
        sa, sb = sds[rows, first], sds[rows, second]
        pa = 0.5 * _erfc(-(ma - mb) / np.sqrt(sa * sa + sb * sb) * _INV_SQRT2)
        part = np.zeros((len(rows), k))
        part[np.arange(len(rows)), first] = pa
        part[np.arange(len(rows)), second] = 1.0 - pa
        out[rows] = _normalise(part, eligible[rows])
    many = ~simple & (count >= 3)
    if many.any():
        rows = np.nonzero(many)[0]
        out[rows] = _gaussian_grid(means[rows], sds[rows], contender[rows], eligible[rows])
    return out


def _gaussian_grid(means, sds, contender, eligible):
    n, k = means.shape
    step = 2.0 * _REACH / (_GAUSSIAN_GRID - 1)
    out = np.zeros((n, k))
    for a in range(k):
        live = np.nonzero(contender[:, a] & (sds[:, a] > 0.0))[0]
        if len(live) == 0:
            continue
        grid = np.arange(_GAUSSIAN_GRID)
        z = -_REACH + step * grid
        weight = np.where((grid == 0) | (grid == _GAUSSIAN_GRID - 1), 0.5 * step, step)
        phi = np.array([_INV_SQRT2_PI * math.exp(-0.5 * v * v) for v in z]) * weight
        s = means[live, a, None] + sds[live, a, None] * z[None, :]  # (rows, grid)
        others = np.tile(phi, (len(live), 1))
        for b in range(k):
            if b == a:
                continue
            # Only rows where b contends multiply (by its cdf); the others multiply by 1.
            rows = np.nonzero(contender[live, b])[0]
            if len(rows):
                r = live[rows]
                others[rows] = others[rows] * _cdf(means[r, b, None], sds[r, b, None], s[rows])
        total = np.zeros(len(live))
        for g in range(_GAUSSIAN_GRID):
            total = total + others[:, g]
        out[live, a] = total
    for a in range(k):  # point masses, exact
        point = contender[:, a] & ~(sds[:, a] > 0.0)
        if not point.any():
            continue
        p = np.ones(n)
        for b in range(k):
            if b == a:
                continue
            beats = (means[:, b] > means[:, a]) | ((means[:, b] == means[:, a]) & (b < a))
            factor = np.where(sds[:, b] > 0.0, _cdf(means[:, b], sds[:, b], means[:, a]),
                              np.where(beats, 0.0, 1.0))
            p = np.where(contender[:, b], p * factor, p)
        out[:, a] = np.where(point, p, out[:, a])
    return _normalise(out, eligible)


def beta_argmax_pmf(alpha, beta, eligible):
    """One row of BetaArgmaxPmf (context-free Thompson sampling), in plain Python floats."""
    k = len(alpha)
    lo, hi = [0.0] * k, [0.0] * k
    floor = 0.0
    for a in range(k):
        if not eligible[a]:
            continue
        n = alpha[a] + beta[a]
        mean = alpha[a] / n
        sd = math.sqrt(alpha[a] * beta[a] / (n * n * (n + 1.0)))
        lo[a] = max(0.0, mean - 8.0 * sd)
        hi[a] = min(1.0, mean + 8.0 * sd)
        floor = max(floor, lo[a])
    top = floor
    for a in range(k):
        if eligible[a] and hi[a] >= floor:
            top = max(top, hi[a])
    out = [0.0] * k
    if not top > floor:
        for a in range(k):
            if eligible[a] and hi[a] >= floor:
                out[a] = 1.0
                return np.array(out)
    h = (top - floor) / _BETA_GRID
    live = [eligible[a] and hi[a] >= floor for a in range(k)]
    pdf = [[0.0] * _BETA_GRID for _ in range(k)]
    cdf = [[1.0] * _BETA_GRID for _ in range(k)]
    for a in range(k):
        if not live[a]:
            continue
        log_norm = math.lgamma(alpha[a]) + math.lgamma(beta[a]) - math.lgamma(alpha[a] + beta[a])

        def density(x, a=a, log_norm=log_norm):
            return math.exp((alpha[a] - 1.0) * math.log(x) + (beta[a] - 1.0) * math.log1p(-x) - log_norm)

        running = 0.0
        if lo[a] < floor:
            below = _BETA_GRID // 4
            hb = (floor - lo[a]) / below
            for g in range(below):
                running += density(lo[a] + (g + 0.5) * hb) * hb
        for g in range(_BETA_GRID):
            mass = density(floor + (g + 0.5) * h) * h
            pdf[a][g] = mass
            cdf[a][g] = running + 0.5 * mass
            running += mass
    for g in range(_BETA_GRID):
        for a in range(k):
            if not live[a]:
                continue
            others = pdf[a][g]
            for b in range(k):
                if others <= 0.0:
                    break
                if b != a and live[b]:
                    others *= cdf[b][g]
            out[a] += others
    return _normalise(np.array([out]), np.array([eligible], dtype=bool))[0]


# ---------------------------------------------------------------------------------------------
# Frozen policies (policies/*_policy.cc)

def _linear_pmf(p, x, eligible):
    n, d = x.shape
    k, w = p["num_actions"], d + 1
    weights = np.asarray(p["weights"], dtype=np.float64)
    xs = np.concatenate([np.ones((n, 1)), x], axis=1)
    mean = np.zeros((n, k))
    for i in range(w):
        mean = mean + weights[None, :, i] * xs[:, i, None]
    e = p["exploration"]
    rule = e["rule"]
    if rule in ("ucb", "thompson"):
        cov = np.asarray(p["covariances"], dtype=np.float64)
        q = np.zeros((n, k))
        if p["diagonal"]:
            for i in range(w):
                q = q + cov[None, :, i] * xs[:, i, None] * xs[:, i, None]
        else:
            cov = cov.reshape(k, w, w)
            for i in range(w):
                row = 0.5 * cov[None, :, i, i] * xs[:, i, None]
                for j in range(i + 1, w):
                    row = row + cov[None, :, i, j] * xs[:, j, None]
                q = q + xs[:, i, None] * row
            q = q * 2.0
        spread = np.sqrt(np.maximum(q, 0.0))
        mean = np.where(eligible, mean, 0.0)
        spread = np.where(eligible, spread, 0.0)
    if rule == "greedy":
        return argmax_pmf(mean, eligible)
    if rule == "epsilon_greedy":
        return epsilon_greedy_pmf(mean, eligible, e["epsilon"])
    if rule == "softmax":
        return softmax_pmf(mean, eligible, e["temperature"])
    if rule == "ucb":
        return argmax_pmf(mean + e["alpha"] * spread, eligible)
    if rule == "thompson":
        return gaussian_argmax_pmf(mean, spread * e["scale"], eligible)
    raise BundleError(f"/policy/exploration/rule: unknown rule {rule!r}")


def _hybrid_pmf(p, x, eligible):
    n, d = x.shape
    k, w = p["num_actions"], d + 1
    m = p["num_action_features"]
    shared = p["shared_features"]
    s = 1 + len(shared)
    kk = m * s
    xs = np.concatenate([np.ones((n, 1)), x], axis=1)
    a0 = np.asarray(p["a0_inverse"], dtype=np.float64)
    beta = np.asarray(p["beta"], dtype=np.float64)
    scores = np.zeros((n, k))
    for a in range(k):
        if not eligible[:, a].any():
            continue
        f = p["action_features"][a]
        z = np.zeros((n, kk))
        for i in range(m):
            z[:, i * s] = f[i]
            for j in range(1, s):
                z[:, i * s + j] = f[i] * x[:, shared[j - 1]]
        inv = np.asarray(p["a_inverse"][a], dtype=np.float64).reshape(w, w)
        bm = np.asarray(p["b_matrix"][a], dtype=np.float64).reshape(w, kk)
        theta = p["theta"][a]
        x_ax, mean = np.zeros(n), np.zeros(n)
        ax = np.zeros((n, w))
        for i in range(w):
            total = np.zeros(n)
            for j in range(w):
                total = total + inv[i, j] * xs[:, j]
            ax[:, i] = total
            x_ax = x_ax + xs[:, i] * total
            mean = mean + theta[i] * xs[:, i]
        u = np.zeros((n, kk))
        for c in range(kk):
            total = np.zeros(n)
            for i in range(w):
                total = total + bm[i, c] * ax[:, i]
            u[:, c] = total
        z_a0z, z_a0u, u_a0u = np.zeros(n), np.zeros(n), np.zeros(n)
        for r in range(kk):
            sz, su = np.zeros(n), np.zeros(n)
            for c in range(kk):
                sz = sz + a0[r, c] * z[:, c]
                su = su + a0[r, c] * u[:, c]
            z_a0z = z_a0z + z[:, r] * sz
            z_a0u = z_a0u + z[:, r] * su
            u_a0u = u_a0u + u[:, r] * su
            mean = mean + z[:, r] * beta[r]
        spread = z_a0z - 2.0 * z_a0u + x_ax + u_a0u
        scores[:, a] = mean + p["alpha"] * np.sqrt(np.maximum(spread, 0.0))
    return argmax_pmf(np.where(eligible, scores, 0.0), eligible)


def _tabular_pmf(p, x, eligible):
    n = len(eligible)
    if p["rule"] == "argmax":
        return argmax_pmf(np.tile(np.asarray(p["values"], dtype=np.float64), (n, 1)), eligible)
    out = np.zeros(eligible.shape)
    masks, inverse = np.unique(eligible, axis=0, return_inverse=True)
    for i, mask in enumerate(masks):
        out[inverse.reshape(-1) == i] = beta_argmax_pmf(p["alpha"], p["beta"], [bool(v) for v in mask])
    return out


def _throttled_pmf(p, x, eligible):
    pmf = _policy_pmf(p["inner"], x, eligible)
    costs, price = p["costs"], p["price"]
    if price <= 0.0:
        return pmf
    positive = [c for c in costs if c > 0.0]
    mean_cost = 1.0
    if positive:
        total = 0.0
        for c in positive:
            total += c
        mean_cost = total / len(positive)
    moved = np.zeros(len(pmf))
    for a in range(1, pmf.shape[1]):
        if costs[a] <= 0.0:
            continue
        keep = pmf[:, a] * math.exp(-price * costs[a] / mean_cost)
        changed = pmf[:, a] != 0.0
        moved = np.where(changed, moved + (pmf[:, a] - keep), moved)
        pmf[:, a] = np.where(changed, keep, pmf[:, a])
    pmf[:, 0] = np.minimum(1.0, pmf[:, 0] + moved)
    return pmf


_KINDS = {"linear": _linear_pmf, "hybrid_lin_ucb": _hybrid_pmf, "tabular": _tabular_pmf,
          "throttled": _throttled_pmf}


def _policy_pmf(p, x, eligible):
    kind = p.get("kind")
    if kind not in _KINDS:
        raise BundleError(f"/policy/kind: unknown policy kind {kind!r} (known: {', '.join(_KINDS)})")
    return _KINDS[kind](p, x, eligible)


# ---------------------------------------------------------------------------------------------
# Bundles

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
        pmf = _policy_pmf(self.policy, x, eligible)
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
        ids = [int(i) for i in decision_ids]
        if len(ids) != len(pmf):
            raise BundleError(f"{len(ids)} decision ids for {len(pmf)} rows")
        actions = np.zeros(len(pmf), dtype=np.int64)
        for r, decision_id in enumerate(ids):
            actions[r] = _sample(pmf[r], decision_uniform(seed, decision_id))
        return actions, pmf[np.arange(len(pmf)), actions], pmf


def _sample(pmf, u):
    cumulative, last = 0.0, -1
    for a, p in enumerate(pmf):
        if p <= 0.0:
            continue
        last = a
        cumulative += p
        if u < cumulative:
            return a
    return last


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
