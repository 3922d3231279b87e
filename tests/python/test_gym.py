"""The Gymnasium wrappers follow the API rules: reset/step signatures, spaces that hold the
observations, terminated vs truncated, same seed same trajectory."""
import numpy as np

import campsim
import campsim.gym


def paid_scenario():
    return campsim.Scenario.load("quickstart").set("population.size", 3000).set("horizon_days", 42) \
        .set("arms", [{"name": "r", "message_agent": {"type": "uniform_random"}}])


def rollout(env, seed, policy):
    obs, info = env.reset(seed=seed)
    assert env.observation_space.contains(obs) and isinstance(info, dict)
    trajectory, done = [obs], False
    while not done:
        action = policy(obs, info)
        obs, reward, terminated, truncated, info = env.step(action)
        assert isinstance(reward, float) and isinstance(terminated, bool) and isinstance(truncated, bool)
        assert env.observation_space.contains(obs), obs
        trajectory.append((obs, reward, terminated, truncated))
        done = terminated or truncated
    return trajectory


def test_budget_allocation_env_follows_the_gymnasium_api():
    env = campsim.gym.BudgetAllocationEnv(paid_scenario())
    assert env.action_space.shape == (len(env.lines),) and env.observation_space.dtype == np.float32
    policy = lambda obs, info: np.ones(len(env.lines), dtype=np.float32)  # noqa: E731
    a = rollout(env, 3, policy)
    b = rollout(env, 3, policy)
    assert len(a) == len(b) and all(np.array_equal(x[0], y[0]) and x[1] == y[1] for x, y in zip(a[1:], b[1:]))
    assert a[-1][3] is True and a[-1][2] is False  # the horizon truncates
    c = rollout(env, 4, policy)
    assert any(x[1] != y[1] for x, y in zip(a[1:], c[1:]))  # another seed, another world
    # Spending everything on one line exhausts nothing early but changes the returns.
    d = rollout(env, 3, lambda obs, info: np.eye(len(env.lines), dtype=np.float32)[0])
    assert sum(x[1] for x in d[1:]) != sum(x[1] for x in a[1:])


def test_message_allocation_env_follows_the_gymnasium_api():
    s = campsim.Scenario.load("tiny").set("population.size", 300).set("horizon_days", 14)
    env = campsim.gym.MessageAllocationEnv(s)
    rng = np.random.default_rng(0)

    def random_eligible(obs, info):
        action = np.zeros(env.max_batch, dtype=np.int64)
        for i in range(info["n"]):
            action[i] = rng.choice(np.nonzero(info["eligible"][i])[0])
        return action

    a = rollout(env, 1, random_eligible)
    rng = np.random.default_rng(0)
    b = rollout(env, 1, random_eligible)
    assert all(np.array_equal(x[0], y[0]) and x[1] == y[1] for x, y in zip(a[1:], b[1:]))
    assert a[-1][3] is True
    assert env.action_space.contains(env.action_space.sample())
