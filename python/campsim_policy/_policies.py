"""The frozen policies of policies/*_policy.cc, scored with numpy."""

import math

import numpy as np

from ._errors import BundleError
from ._explore import argmax_pmf, beta_argmax_pmf, epsilon_greedy_pmf, gaussian_argmax_pmf, softmax_pmf

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
    pmf = policy_pmf(p["inner"], x, eligible)
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


def _layer(w, b, x, relu):
    # Same order as policies/mlp_policy.cc: start at the bias, add inputs in index order.
    w = np.asarray(w, dtype=np.float64)
    out = np.broadcast_to(np.asarray(b, dtype=np.float64), (x.shape[0], w.shape[0])).copy()
    for c in range(w.shape[1]):
        out = out + w[None, :, c] * x[:, c, None]
    return np.where(out < 0.0, 0.0, out) if relu else out


def _mlp_pmf(p, x, eligible):
    h1 = _layer(p["w1"], p["b1"], x, True)
    h2 = _layer(p["w2"], p["b2"], h1, True)
    q = _layer(p["w3"], p["b3"], h2, False)
    e = p["exploration"]
    if e["rule"] == "greedy":
        return argmax_pmf(q, eligible)
    if e["rule"] == "epsilon_greedy":
        return epsilon_greedy_pmf(q, eligible, e["epsilon"])
    raise BundleError(f"/policy/exploration/rule: unknown rule {e['rule']!r} (known: greedy, epsilon_greedy)")


_BLOCK_ROWS = 4096


def _in_row_blocks(pmf):
    """pmf applied to blocks of rows: the per-column arithmetic of the linear, hybrid and MLP
    scorers then stays in cache (3x faster on 100k rows; every row's operations unchanged)."""
    def blocked(p, x, eligible):
        if len(x) <= _BLOCK_ROWS:
            return pmf(p, x, eligible)
        return np.concatenate([pmf(p, x[i:i + _BLOCK_ROWS], eligible[i:i + _BLOCK_ROWS])
                               for i in range(0, len(x), _BLOCK_ROWS)])
    return blocked


_KINDS = {"linear": _in_row_blocks(_linear_pmf), "mlp": _in_row_blocks(_mlp_pmf),
          "hybrid_lin_ucb": _in_row_blocks(_hybrid_pmf), "tabular": _tabular_pmf, "throttled": _throttled_pmf}


def policy_pmf(p, x, eligible):
    kind = p.get("kind")
    if kind not in _KINDS:
        raise BundleError(f"/policy/kind: unknown policy kind {kind!r} (known: {', '.join(_KINDS)})")
    return _KINDS[kind](p, x, eligible)
