"""Philox2x64-10 and the decision stream of core/rng.h, in Python integers."""

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


def sample(pmf, u):
    """The action whose cumulative probability first exceeds u (SampleFromPmf)."""
    cumulative, last = 0.0, -1
    for a, p in enumerate(pmf):
        if p <= 0.0:
            continue
        last = a
        cumulative += p
        if u < cumulative:
            return a
    return last
