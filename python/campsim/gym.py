"""Gymnasium-compatible environments over campsim's CampaignEnv.

- `BudgetAllocationEnv`: one step = one budget period; the action is the split of the
  period's budget across the budget lines (paid channels, then "owned"), on the simplex.
- `MessageAllocationEnv`: one step = one decision batch; the action is one action id per row.

Both follow the Gymnasium API: `reset(*, seed=None, options=None) -> (obs, info)` and
`step(action) -> (obs, reward, terminated, truncated, info)`; `terminated` when the budget is
exhausted or no user is left, `truncated` at the horizon; the same seed gives the same
trajectory. Spaces are float32 `Box` and `MultiDiscrete` that the observations lie in. They
work without gymnasium (a minimal `spaces` shim below) and register with gymnasium when it is
importable (`gymnasium.make("campsim/BudgetAllocation-v0", scenario=...)`).
"""

import numpy as np

import campsim

try:  # pragma: no cover - gymnasium is optional
    import gymnasium
    from gymnasium import spaces
    _Base = gymnasium.Env
except ImportError:
    gymnasium = None

    class _Space:
        def seed(self, seed=None):
            self._rng = np.random.default_rng(seed)

        @property
        def np_random(self):
            if not hasattr(self, "_rng"):
                self.seed()
            return self._rng

    class _Box(_Space):
        def __init__(self, low, high, shape, dtype=np.float32):
            self.shape, self.dtype = tuple(shape), np.dtype(dtype)
            self.low = np.full(self.shape, low, dtype=self.dtype)
            self.high = np.full(self.shape, high, dtype=self.dtype)

        def contains(self, x):
            x = np.asarray(x)
            return x.shape == self.shape and x.dtype == self.dtype and bool(np.all(x >= self.low) and np.all(x <= self.high))

        def sample(self):
            low = np.where(np.isfinite(self.low), self.low, -1.0)
            high = np.where(np.isfinite(self.high), self.high, low + 1.0)
            return self.np_random.uniform(low, high).astype(self.dtype)

    class _MultiDiscrete(_Space):
        def __init__(self, nvec):
            self.nvec = np.asarray(nvec, dtype=np.int64)
            self.shape, self.dtype = self.nvec.shape, np.dtype(np.int64)

        def contains(self, x):
            x = np.asarray(x)
            return x.shape == self.shape and bool(np.all((x >= 0) & (x < self.nvec)))

        def sample(self):
            return self.np_random.integers(0, self.nvec)

    class spaces:  # noqa: N801 - mirrors gymnasium.spaces
        Box = _Box
        MultiDiscrete = _MultiDiscrete

    class _Base:
        metadata = {"render_modes": []}
        render_mode = None


def _even_split(budget):
    lines = len(budget["lines"])
    left = max(1, budget["num_periods"] - budget["period"])
    return [budget["remaining_budget"] / left / lines] * lines


class BudgetAllocationEnv(_Base):
    """One step = one budget period. Observation (float32): [period / periods, remaining /
    total, then per line: spend to date / total, attributed revenue to date / total, adstock].
    Action: non-negative weights per budget line, normalised to a split of the period's
    budget (remaining / periods left); all zeros means an even split. Reward: revenue
    attributed in the period minus the period's spend. Message decisions between budget
    steps come from `message_agent` (a registered type, default uniform_random)."""

    def __init__(self, scenario, message_agent="uniform_random", message_params=None):
        self.scenario = campsim.Scenario.load(scenario)
        self._env = campsim.CampaignEnv(self.scenario)
        self._agent_spec = (message_agent, message_params or {})
        first = self._env.reset()
        while first.kind != "budget" and not first.done:
            first = self._env.step(np.zeros(first.size, dtype=np.int32), np.ones(first.size))
        if first.done:
            raise ValueError("the scenario has no budget periods")
        self.lines = list(first.budget["lines"])
        n = 2 + 3 * len(self.lines)
        self.observation_space = spaces.Box(0.0, np.inf, (n,), np.float32)
        self.action_space = spaces.Box(0.0, 1.0, (len(self.lines),), np.float32)
        self._step = None

    def _observe(self, budget):
        total = max(budget["total_budget"], 1e-12)
        parts = [budget["period"] / max(1, budget["num_periods"]), budget["remaining_budget"] / total]
        for i in range(len(self.lines)):
            parts += [budget["spend_to_date"][i] / total, max(0.0, budget["revenue_to_date"][i]) / total,
                      max(0.0, budget["adstock"][i])]
        return np.asarray(parts, dtype=np.float32)

    def _advance(self):
        """Runs message steps until the next budget step or the end; returns the step."""
        step = self._current
        while step.kind == "messages":
            actions, propensities = self._agent.act(step)
            step = self._env.step(actions, propensities)
            self._agent.learn(step)
        return step

    def reset(self, *, seed=None, options=None):
        if seed is not None and hasattr(self.action_space, "seed"):
            self.action_space.seed(seed)
        self._agent = campsim.make_agent(self.scenario, *self._agent_spec)
        self._current = self._env.reset(seed)
        self._current = self._advance()
        self._last = self._current.budget
        return self._observe(self._last), {"period": self._last["period"]}

    def step(self, action):
        if self._current.done:
            raise RuntimeError("step() after the episode ended; call reset()")
        weights = np.clip(np.asarray(action, dtype=np.float64).reshape(-1), 0.0, None)
        if weights.shape != (len(self.lines),) or not np.all(np.isfinite(weights)):
            raise ValueError(f"action must be {len(self.lines)} finite non-negative weights")
        amount = sum(_even_split(self._last))
        split = weights / weights.sum() if weights.sum() > 0 else np.full(len(self.lines), 1.0 / len(self.lines))
        revenue_before, spend_before = sum(self._env.revenue_by_line), sum(self._env.spend_by_line)
        self._current = self._env.step_budget(list(amount * split))
        self._current = self._advance()
        reward = (sum(self._env.revenue_by_line) - revenue_before) - (sum(self._env.spend_by_line) - spend_before)
        truncated = self._current.done
        terminated = (not truncated) and (self._env.budget_total - self._env.budget_spent <= 1e-6 or
                                          self._env.active_users == 0)
        if self._current.kind == "budget":
            self._last = self._current.budget
            obs = self._observe(self._last)
        else:  # the horizon: no next period to observe
            obs = np.zeros(self.observation_space.shape, np.float32)
        return obs, float(reward), bool(terminated), bool(truncated), {"split": split, "amount": amount}


class MessageAllocationEnv(_Base):
    """One step = one decision batch (up to engine.max_batch users). Observation: float32
    (max_batch, d) contexts, zero rows beyond the batch; `info` has `n` (rows in use),
    `eligible` (max_batch, K) and `users`. Action: one action id per row (MultiDiscrete);
    an ineligible choice counts as no_send (action 0) and is reported in info["ineligible"].
    Reward: the scenario's reward of the decisions whose feedback matured during the step.
    Budget periods are split evenly across budget lines."""

    def __init__(self, scenario):
        self.scenario = campsim.Scenario.load(scenario)
        self._env = campsim.CampaignEnv(self.scenario)
        problem = self._env.problem
        self.num_features = len(problem["feature_names"])
        self.num_actions = len(problem["action_names"])
        self.max_batch = int(self.scenario.get("engine.max_batch"))
        self.observation_space = spaces.Box(-np.inf, np.inf, (self.max_batch, self.num_features), np.float32)
        self.action_space = spaces.MultiDiscrete([self.num_actions] * self.max_batch)
        self._current = None

    def _skip_budget(self, step, reward):
        while step.kind == "budget":
            step = self._env.step_budget(_even_split(step.budget))
            reward += float(np.sum(step.feedback["reward"]))
        return step, reward

    def _observe(self, step):
        obs = np.zeros((self.max_batch, self.num_features), dtype=np.float32)
        eligible = np.zeros((self.max_batch, self.num_actions), dtype=bool)
        if step.kind == "messages":
            obs[: step.size] = step.contexts
            eligible[: step.size] = step.eligible
        info = {"n": step.size if step.kind == "messages" else 0, "eligible": eligible,
                "users": np.array(step.users) if step.kind == "messages" else np.zeros(0, np.uint32),
                "day": step.day}
        return obs, info

    def reset(self, *, seed=None, options=None):
        if seed is not None and hasattr(self.action_space, "seed"):
            self.action_space.seed(seed)
        self._current, _ = self._skip_budget(self._env.reset(seed), 0.0)
        return self._observe(self._current)

    def step(self, action):
        if self._current is None or self._current.done:
            raise RuntimeError("step() after the episode ended; call reset()")
        step = self._current
        chosen = np.asarray(action, dtype=np.int64).reshape(-1)[: step.size]
        if len(chosen) != step.size or np.any((chosen < 0) | (chosen >= self.num_actions)):
            raise ValueError(f"action must hold {self.max_batch} action ids in [0, {self.num_actions})")
        allowed = np.asarray(step.eligible)[np.arange(step.size), chosen]
        actions = np.where(allowed, chosen, 0).astype(np.int32)
        nxt = self._env.step(actions, np.ones(step.size))
        reward = float(np.sum(nxt.feedback["reward"]))
        nxt, reward = self._skip_budget(nxt, reward)
        self._current = nxt
        obs, info = self._observe(nxt)
        info["ineligible"] = int(np.sum(~allowed))
        truncated = nxt.done
        terminated = (not truncated) and (self._env.active_users == 0 or
                                          self._env.budget_total - self._env.budget_spent <= 1e-6)
        return obs, reward, bool(terminated), bool(truncated), info


if gymnasium is not None:  # pragma: no cover - depends on the machine
    for _name, _cls in (("BudgetAllocation-v0", BudgetAllocationEnv), ("MessageAllocation-v0", MessageAllocationEnv)):
        if f"campsim/{_name}" not in gymnasium.registry:
            gymnasium.register(id=f"campsim/{_name}", entry_point=_cls)
