// campsim evaluate: a policy bundle's value estimated offline from a decision log.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "policies/policy_bundle.h"
#include "scenarios/offline_evaluate.h"

namespace campsim::cli {

int Evaluate(const std::vector<std::string>& args) {
  po::options_description options("campsim evaluate --log DECISIONS.csv --policy POLICY.json [options]");
  std::string log_path, policy, estimators, format = "table", reward_model = "ridge";
  int bootstrap = 1000, folds = 5, threads = 0;
  double tau = 10.0;
  std::uint64_t seed = 1;
  options.add_options()
      ("help,h", "show this help")
      ("log", po::value(&log_path), "decision log CSV (campsim run --log-decisions, or a production log)")
      ("policy", po::value(&policy), "the policy bundle to evaluate")
      ("estimators", po::value(&estimators), "comma-separated: dm,ips,snips,dr,sndr,switch_dr (default all)")
      ("bootstrap", po::value(&bootstrap), "bootstrap resamples for the 95% intervals (default 1000)")
      ("seed", po::value(&seed), "seed of the bootstrap and the cross-fitting folds (default 1)")
      ("reward-model", po::value(&reward_model), "ridge or logistic (DM, DR, SNDR, Switch-DR)")
      ("folds", po::value(&folds), "cross-fitting folds of the reward model (default 5)")
      ("switch-tau", po::value(&tau), "Switch-DR's importance-weight threshold (default 10)")
      ("threads", po::value(&threads), "threads for reading and scoring (0 = all cores)")
      ("format", po::value(&format), "table, csv or json");
  const auto vm = Parse(args, options, {});
  if (vm.count("help")) {
    std::cout << options
              << "\nLog columns: action, reward, pscore (required); the context as the bundle's "
                 "raw inputs by name or as context_0..context_{d-1}; optional eligible_<a>, "
                 "action_name (checked against the bundle) and expected_reward_<a> (a campsim "
                 "log: then the exact truth on the logged rows is printed beside each estimate)."
                 " See docs/offline-evaluation.md.\n";
    return 0;
  }
  if (log_path.empty() || policy.empty()) throw UsageError("evaluate needs --log and --policy");
  if (bootstrap < 0) throw UsageError("--bootstrap must be >= 0");
  if (folds < 1) throw UsageError("--folds must be >= 1");
  if (!(tau > 0.0)) throw UsageError("--switch-tau must be > 0");
  if (threads < 0) throw UsageError("--threads must be >= 0");
  if (format != "table" && format != "csv" && format != "json") {
    throw UsageError("--format must be table, csv or json, not '" + format + "'");
  }
  if (reward_model != "ridge" && reward_model != "logistic") {
    throw UsageError("--reward-model must be ridge or logistic, not '" + reward_model + "'");
  }
  OfflineOptions o;
  if (!estimators.empty()) o.estimators = ParseEstimators(estimators);
  o.estimator.bootstrap_resamples = bootstrap;
  o.estimator.switch_tau = tau;
  o.estimator.seed = seed;
  o.reward_model.kind = reward_model;
  o.reward_model.folds = folds;
  o.reward_model.seed = seed;
  o.threads = threads;
  const PolicyBundle bundle = LoadPolicyBundle(policy);
  const OfflineLog log = ReadDecisionLog(log_path, bundle.features, bundle.actions, threads);
  std::cout << FormatOfflineEvaluation(EvaluateOffline(log, bundle, o), format);
  return 0;
}

}  // namespace campsim::cli
