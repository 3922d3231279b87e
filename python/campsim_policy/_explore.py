"""Exploration rules of policies/explore.cc, vectorised over rows with numpy, in the same
arithmetic order as the C++ (results agree within 1e-12)."""

import math

import numpy as np

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
