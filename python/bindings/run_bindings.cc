// campsim.run and campsim.compare: the CLI's run and compare, returning what the run folder
// would hold (summary.json byte for byte) plus arrays.
#include "python/bindings/py_agent.h"
#include "scenarios/compare.h"
#include "scenarios/policy_export.h"
#include "scenarios/report.h"
#include "scenarios/runner.h"
#include "scenarios/yaml_writer.h"

namespace campsim::python {

namespace {

// A decision log as the dict of arrays Open Bandit Pipeline's estimators take (zero-copy:
// the arrays own the log's memory), plus what only a simulator knows.
py::dict LogDict(DecisionLog&& log, const MessageProblem& problem) {
  const auto n = static_cast<py::ssize_t>(log.size());
  const auto d = static_cast<py::ssize_t>(log.num_features);
  const auto k = static_cast<py::ssize_t>(log.num_actions);
  const auto m = static_cast<py::ssize_t>(problem.action_feature_names.size());
  py::dict out;
  out["n_rounds"] = n;
  out["n_actions"] = k;
  out["context"] = OwnedArray(std::move(log.contexts), {n, d});
  out["action"] = OwnedArray(std::move(log.actions), {n});
  out["reward"] = OwnedArray(std::move(log.rewards), {n});
  out["pscore"] = OwnedArray(std::move(log.pscores), {n});
  out["position"] = OwnedArray(std::move(log.positions), {n});
  out["action_context"] = CopiedArray(problem.action_features.data(), {k, m});
  out["expected_reward"] = OwnedArray(std::move(log.expected_rewards), {n, k});
  out["eligible"] = OwnedArray(std::move(log.eligible), {n, k}).attr("view")("bool");
  out["cost"] = OwnedArray(std::move(log.costs), {n});
  out["decision_id"] = OwnedArray(std::move(log.decision_ids), {n});
  out["time"] = OwnedArray(std::move(log.times), {n});
  out["user"] = OwnedArray(std::move(log.users), {n});
  out["feature_names"] = log.feature_names;
  out["action_names"] = log.action_names;
  return out;
}

}  // namespace

void BindRun(py::module_& m) {
  m.def(
      "run",
      [](Scenario& scenario, int threads, bool log_decisions, const py::dict& agents) {
        ValidateScenario(scenario.config, BuiltinRegistry());
        RunOptions options;
        options.threads = threads;
        options.log_decisions = log_decisions;
        for (const auto& kv : agents) {
          const std::string arm = py::str(kv.first);
          py::object agent = py::reinterpret_borrow<py::object>(kv.second);
          bool found = false;
          for (const auto& a : scenario.config.arms) found = found || a.name == arm;
          if (!found) throw py::key_error("agents: the scenario has no arm named '" + arm + "'");
          options.message_agents[arm] = [agent](const MessageProblem& problem) {
            py::gil_scoped_acquire gil;
            return std::unique_ptr<MessageAgent>(new PyMessageAgent(agent, problem));
          };
        }
        RunResult result;
        {
          py::gil_scoped_release release;  // arms run on worker threads; Python agents take the GIL
          result = RunScenario(scenario.config, BuiltinRegistry(), options);
        }
        const std::string resolved = WriteYaml(scenario.config);
        py::dict out;
        out["summary_json"] = SummaryJson(scenario.config, result, resolved);
        out["metrics_csv"] = MetricsCsv(result);
        out["results_csv"] = FormatResults(result, "csv");
        out["resolved_yaml"] = resolved;
        const WorldModel model(scenario.config.world);
        MessageProblem problem = model.problem();
        py::dict logs, policies;
        for (std::size_t a = 0; a < result.arms.size(); ++a) {
          ArmResult& arm = result.arms[a];
          if (arm.policy) {
            policies[py::str(arm.name)] = WritePolicyBundle(MakePolicyBundle(
                scenario.config, model, static_cast<int>(a), arm.policy,
                static_cast<std::int64_t>(Totals(arm).decisions), resolved));
          }
          if (arm.logged) logs[py::str(arm.name)] = LogDict(std::move(arm.log), problem);
        }
        out["decision_logs"] = logs;
        out["policies"] = policies;
        return out;
      },
      py::arg("scenario"), py::arg("threads") = 0, py::arg("log_decisions") = false,
      py::arg("agents") = py::dict(), "Run every arm (see campsim.run).");

  m.def(
      "compare",
      [](Scenario& scenario, int replications, const std::string& reference, const std::string& ope,
         const std::vector<std::string>& estimators, int bootstrap, int threads) {
        ValidateScenario(scenario.config, BuiltinRegistry());
        CompareOptions o;
        o.replications = replications;
        o.reference = reference;
        o.ope = ope;
        if (!estimators.empty()) {
          try {
            o.estimators = EstimatorsFromNames(estimators);
          } catch (const std::invalid_argument& error) {
            throw py::value_error(error.what());
          }
        }
        o.estimator_options.bootstrap_resamples = bootstrap;
        o.run.threads = threads;
        if (replications < 1) throw py::value_error("replications must be >= 1");
        std::string json;
        {
          py::gil_scoped_release release;
          json = FormatCompare(Compare(scenario.config, BuiltinRegistry(), o), "json");
        }
        return json;
      },
      py::arg("scenario"), py::arg("replications") = 1, py::arg("reference") = "", py::arg("ope") = "",
      py::arg("estimators") = std::vector<std::string>{}, py::arg("bootstrap") = 1000, py::arg("threads") = 0,
      "campsim compare, as its JSON output.");
}

}  // namespace campsim::python
