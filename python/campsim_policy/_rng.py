"""Philox2x64-10 and the decision stream of core/rng.h, vectorised over numpy uint64 arrays
(64-bit arithmetic wraps, as in C++; the 64x64 -> 128 multiply is built from 32-bit halves)."""
import numpy as np

_TAG_AGENT = 5
_M32 = np.uint64(0xFFFFFFFF)
_PHILOX_M = 0xD2B74407B1CE6E93
_WEYL = np.uint64(0x9E3779B97F4A7C15)


def _u64(value):
    return np.asarray(value, dtype=np.uint64)


def _mix64(x):
    x = _u64(x) + _WEYL
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _mulhi(a, b):
    """The high 64 bits of the 128-bit product of uint64 array a and the constant b."""
    a0, a1 = a & _M32, a >> np.uint64(32)
    b0, b1 = np.uint64(b & 0xFFFFFFFF), np.uint64(b >> 32)
    lo_lo, hi_lo, lo_hi = a0 * b0, a1 * b0, a0 * b1
    cross = (lo_lo >> np.uint64(32)) + (hi_lo & _M32) + (lo_hi & _M32)
    return a1 * b1 + (hi_lo >> np.uint64(32)) + (lo_hi >> np.uint64(32)) + (cross >> np.uint64(32))


def _philox(hi, lo, key):
    r0, r1, key = _u64(lo).copy(), _u64(hi).copy(), _u64(key).copy()
    for _ in range(10):
        high, low = _mulhi(r0, _PHILOX_M), r0 * np.uint64(_PHILOX_M)
        r0, r1 = high ^ key ^ r1, low
        key = key + _WEYL
    return r0, r1


def decision_uniforms(seed, decision_ids):
    """The uniforms in [0, 1) that decide each of `decision_ids` (ints, taken modulo 2^64)
    under `seed`, as a float64 array."""
    with np.errstate(over="ignore"):
        if isinstance(decision_ids, np.ndarray) and decision_ids.dtype.kind in "iu":
            ids = decision_ids.ravel().astype(np.uint64)  # two's complement: modulo 2^64
        else:
            ids = np.array([int(i) & 0xFFFFFFFFFFFFFFFF for i in decision_ids], dtype=np.uint64)
        key = _mix64(np.uint64(int(seed) & 0xFFFFFFFFFFFFFFFF) ^ np.uint64(0x6A09E667F3BCC909))
        stream = _mix64(_mix64(np.uint64(_TAG_AGENT)) ^ _mix64(ids + np.uint64(0x3C6EF372FE94F82B))
                        ^ _mix64(_mix64(np.uint64(0)) + np.uint64(0xA54FF53A5F1D36F1)))
        bits, _ = _philox(stream, np.zeros_like(ids), np.full_like(ids, key))
    return (bits >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def decision_uniform(seed, decision_id):
    """The uniform in [0, 1) that decides decision `decision_id` under `seed`."""
    return float(decision_uniforms(seed, [decision_id])[0])


def sample_rows(pmf, u):
    """For each row of pmf (n, actions), the action whose cumulative probability first exceeds
    u[row], skipping actions of probability <= 0; the last such action if none does, and -1
    for a row without any (SampleFromPmf). The running sums are the same left-to-right float64 additions as C++."""
    pmf = np.asarray(pmf, dtype=np.float64)
    positive = ~(pmf <= 0.0)  # NaN counts, as in C++ (its running sum then fails every test)
    cumulative = np.cumsum(np.where(positive, pmf, 0.0), axis=1)
    hit = positive & (np.asarray(u, dtype=np.float64)[:, None] < cumulative)
    last = pmf.shape[1] - 1 - np.argmax(positive[:, ::-1], axis=1)
    last = np.where(positive.any(axis=1), last, -1)
    return np.where(hit.any(axis=1), np.argmax(hit, axis=1), last)


def sample(pmf, u):
    """The action whose cumulative probability first exceeds u (SampleFromPmf)."""
    return int(sample_rows(np.asarray(pmf, dtype=np.float64)[None, :], [u])[0])
