// Agents from Python: every registered C++ agent by type and params, and Python agents.
#include <cmath>

#include "python/bindings/py_agent.h"
#include "scenarios/policy_export.h"
#include "scenarios/registry.h"
#include "scenarios/runner.h"
#include "scenarios/yaml_reader.h"
#include "scenarios/yaml_writer.h"
#include "sim/campaign_env.h"

namespace campsim::python {

py::dict ProblemDict(const MessageProblem& problem) {
  py::dict d;
  std::vector<std::string> actions;
  std::vector<double> costs;
  for (const auto& a : problem.actions) {
    actions.push_back(a.name);
    costs.push_back(a.cost);
  }
  const auto k = static_cast<py::ssize_t>(problem.actions.size());
  const auto m = static_cast<py::ssize_t>(problem.action_feature_names.size());
  d["feature_names"] = problem.feature_names;
  d["action_names"] = actions;
  d["costs"] = CopiedArray(costs.data(), {k});
  d["channel_names"] = problem.channel_names;
  d["message_names"] = problem.message_names;
  d["action_feature_names"] = problem.action_feature_names;
  d["action_context"] = CopiedArray(problem.action_features.data(), {k, m});
  d["seed"] = problem.seed;
  return d;
}

py::dict FeedbackDict(const FeedbackBatch& f) {
  const auto n = static_cast<py::ssize_t>(f.size());
  py::dict d;
  d["decision_id"] = CopiedArray(f.decision_ids.data(), {n});
  d["user"] = CopiedArray(f.users.data(), {n});
  d["time"] = CopiedArray(f.times.data(), {n});
  d["action"] = CopiedArray(f.actions.data(), {n});
  d["pscore"] = CopiedArray(f.propensities.data(), {n});
  d["reward"] = CopiedArray(f.rewards.data(), {n});
  d["cost"] = CopiedArray(f.costs.data(), {n});
  d["context"] = CopiedArray(f.contexts.data(), {n, static_cast<py::ssize_t>(f.num_features)});
  d["now"] = f.now;
  d["budget_total"] = f.budget_total;
  d["owned_spent"] = f.owned_spent;
  return d;
}

PyMessageAgent::PyMessageAgent(py::object agent, const MessageProblem& problem)
    : MessageAgent(problem.seed), num_actions_(problem.num_actions()) {
  py::gil_scoped_acquire gil;
  agent_ = std::move(agent);
  if (py::hasattr(agent_, "setup")) agent_.attr("setup")(ProblemDict(problem));
}

PyMessageAgent::~PyMessageAgent() {
  py::gil_scoped_acquire gil;
  agent_ = py::object();
}

void PyMessageAgent::BatchPmf(const MessageBatch& batch, std::span<double> out, WorkerPool*) const {
  py::gil_scoped_acquire gil;
  const auto n = static_cast<py::ssize_t>(batch.size());
  const auto d = static_cast<py::ssize_t>(batch.num_features);
  const auto k = static_cast<py::ssize_t>(batch.num_actions);
  py::array_t<bool> eligible({n, k});
  for (py::ssize_t i = 0; i < n * k; ++i) eligible.mutable_data()[i] = batch.eligible[i] != 0;
  const py::object result = agent_.attr("pmf")(CopiedArray(batch.contexts.data(), {n, d}), eligible);
  const auto pmf = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(result);
  if (!pmf || pmf.ndim() != 2 || pmf.shape(0) != n || pmf.shape(1) != k) {
    throw py::value_error("agent.pmf must return an array of shape (" + std::to_string(n) + ", " +
                          std::to_string(k) + ")");
  }
  const double* p = pmf.data();
  for (py::ssize_t i = 0; i < n; ++i) {
    double total = 0.0;
    for (py::ssize_t a = 0; a < k; ++a) {
      const double v = p[i * k + a];
      if (!std::isfinite(v) || v < 0.0) {
        throw py::value_error("agent.pmf row " + std::to_string(i) + ": probability of action " +
                              std::to_string(a) + " is " + std::to_string(v));
      }
      if (v > 0.0 && !batch.eligible[i * k + a]) {
        throw py::value_error("agent.pmf row " + std::to_string(i) + ": puts " + std::to_string(v) +
                              " on ineligible action " + std::to_string(a));
      }
      total += v;
    }
    if (std::abs(total - 1.0) > 1e-6) {
      throw py::value_error("agent.pmf row " + std::to_string(i) + ": probabilities sum to " + std::to_string(total));
    }
  }
  std::copy(p, p + n * k, out.begin());
}

void PyMessageAgent::Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const {
  MessageBatch one;
  one.time = batch.time;
  one.num_features = batch.num_features;
  one.num_actions = batch.num_actions;
  one.users = {batch.users[row]};
  one.decision_ids = {batch.decision_ids[row]};
  const auto c = batch.Context(row);
  one.contexts.assign(c.begin(), c.end());
  const auto e = batch.Eligible(row);
  one.eligible.assign(e.begin(), e.end());
  BatchPmf(one, out, nullptr);
}

void PyMessageAgent::Learn(const FeedbackBatch& feedback, WorkerPool* /*pool*/) {
  py::gil_scoped_acquire gil;
  if (py::hasattr(agent_, "learn")) agent_.attr("learn")(FeedbackDict(feedback));
}

namespace {

// The scenario with a single arm whose `kind` (message_agent or budget_agent) is {type,
// params}: the agent is read through the YAML reader, so its params get the same checks.
Scenario WithOneArm(const Scenario& scenario, const char* kind, const std::string& type, const py::dict& params) {
  Scenario probe = scenario;
  py::dict agent;
  agent["type"] = type;
  if (!params.empty()) agent["params"] = params;
  py::dict arm;
  arm["name"] = "python";
  arm[kind] = agent;
  py::list arms;
  arms.append(arm);
  probe.overrides.push_back("arms=" + PythonToYaml(arms, true));
  probe.Reload();
  return probe;
}

// A registered C++ budget agent.
struct BudgetAgentHandle {
  std::unique_ptr<BudgetAgent> agent;
  std::string type;
};

// A registered C++ agent, as Python sees it.
struct AgentHandle {
  std::unique_ptr<MessageAgent> agent;
  MessageProblem problem;
  std::string type;
};

}  // namespace

void BindAgents(py::module_& m) {
  py::class_<AgentHandle>(m, "CppAgent", "A registered C++ message agent (campsim.make_agent).")
      .def("pmf",
           [](const AgentHandle& h, py::array_t<float, py::array::c_style | py::array::forcecast> contexts,
              py::array_t<bool, py::array::c_style | py::array::forcecast> eligible) {
             const auto n = contexts.shape(0);
             const int k = h.problem.num_actions();
             if (contexts.ndim() != 2 || contexts.shape(1) != h.problem.num_features() || eligible.ndim() != 2 ||
                 eligible.shape(0) != n || eligible.shape(1) != k) {
               throw py::value_error("contexts must be (n, " + std::to_string(h.problem.num_features()) +
                                     ") and eligible (n, " + std::to_string(k) + ")");
             }
             MessageBatch b;
             b.num_features = h.problem.num_features();
             b.num_actions = k;
             b.contexts.assign(contexts.data(), contexts.data() + contexts.size());
             b.eligible.assign(eligible.data(), eligible.data() + eligible.size());
             b.users.assign(static_cast<std::size_t>(n), 0);
             b.decision_ids.assign(static_cast<std::size_t>(n), 0);
             b.expected_reward.assign(static_cast<std::size_t>(n * k), 0.0);
             std::vector<double> out(static_cast<std::size_t>(n * k));
             h.agent->BatchPmf(b, out);
             return OwnedArray(std::move(out), {n, k});
           },
           py::arg("contexts"), py::arg("eligible"), "Probabilities (n, K) for contexts and eligibility masks.")
      .def("act",
           [](const AgentHandle& h, const EnvStep& step) {
             Decisions d;
             h.agent->Act(step.messages, d);
             const auto n = static_cast<py::ssize_t>(d.actions.size());
             return py::make_tuple(OwnedArray(std::move(d.actions), {n}), OwnedArray(std::move(d.propensities), {n}));
           },
           py::arg("step"), "(actions, propensities) for a messages step, sampled with the agent's seed.")
      .def("learn", [](AgentHandle& h, const EnvStep& step) { h.agent->Learn(step.feedback); }, py::arg("step"),
           "Learn from a step's matured feedback.")
      .def("save_state",
           [](const AgentHandle& h) {
             const auto* c = dynamic_cast<const CheckpointableAgent*>(h.agent.get());
             if (!c) throw py::type_error(h.type + " has no checkpoint");
             return c->SaveState();
           })
      .def("load_state",
           [](AgentHandle& h, const std::string& state) {
             auto* c = dynamic_cast<CheckpointableAgent*>(h.agent.get());
             if (!c) throw py::type_error(h.type + " has no checkpoint");
             try {
               c->LoadState(state);
             } catch (const std::invalid_argument& e) {
               throw py::value_error(e.what());
             }
           })
      .def_property_readonly("type", [](const AgentHandle& h) { return h.type; })
      .def_property_readonly("exportable",
                             [](const AgentHandle& h) { return dynamic_cast<const ExportableAgent*>(h.agent.get()) != nullptr; })
      .def("export_bundle",
           [](const AgentHandle& h, py::object wrapped) {
             // campsim.Scenario or the native scenario it wraps.
             if (py::hasattr(wrapped, "_native")) wrapped = wrapped.attr("_native");
             Scenario& scenario = wrapped.cast<Scenario&>();
             const auto* e = dynamic_cast<const ExportableAgent*>(h.agent.get());
             if (!e) throw py::type_error(h.type + " cannot be exported");
             const std::string resolved = WriteYaml(scenario.config);
             PolicyBundle b = ScenarioBundle(scenario.config, WorldModel(scenario.config.world), resolved);
             b.policy = e->ExportPolicy();
             b.training = {{"agent", h.type}, {"campsim_version", "0.1.0"}, {"exported_from", "python"}};
             return WritePolicyBundle(b);
           },
           py::arg("scenario"), "The agent's current policy as a policy bundle (JSON text).");

  py::class_<BudgetAgentHandle>(m, "CppBudgetAgent", "A registered C++ budget agent (campsim.make_budget_agent).")
      .def("act",
           [](BudgetAgentHandle& h, const EnvStep& step) {
             if (step.kind != EnvStep::Kind::kBudget) throw py::value_error("act() needs a budget step");
             return h.agent->Act(step.budget).spend;
           },
           py::arg("step"), "Spend per budget line for the period the budget step opens.")
      .def_property_readonly("type", [](const BudgetAgentHandle& h) { return h.type; });

  m.def(
      "make_budget_agent",
      [](Scenario& scenario, const std::string& type, const py::dict& params) {
        const Scenario probe = WithOneArm(scenario, "budget_agent", type, params);
        auto h = std::make_unique<BudgetAgentHandle>();
        h->agent = BuiltinRegistry().MakeBudgetAgent(probe.config.arms[0].budget_agent,
                                                     ScenarioBudgetProblem(probe.config));
        h->type = type;
        return h;
      },
      py::arg("scenario"), py::arg("type"), py::arg("params") = py::dict(),
      "A registered C++ budget agent for the scenario's budget lines (params as in YAML).");

  m.def(
      "make_agent",
      [](Scenario& scenario, const std::string& type, const py::dict& params) {
        const Scenario probe = WithOneArm(scenario, "message_agent", type, params);
        auto h = std::make_unique<AgentHandle>();
        const WorldModel model(probe.config.world);
        h->problem = model.problem();
        h->problem.seed = static_cast<std::uint64_t>(probe.config.seed);
        h->agent = BuiltinRegistry().MakeMessageAgent(probe.config.arms[0].message_agent, h->problem);
        h->type = type;
        return h;
      },
      py::arg("scenario"), py::arg("type"), py::arg("params") = py::dict(),
      "A registered C++ message agent for the scenario's world (params as in YAML).");
}

}  // namespace campsim::python
