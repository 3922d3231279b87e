// Off-policy estimators and policy bundles from Python.
#include "evaluation/estimators.h"
#include "evaluation/reward_model.h"
#include "policies/policy_bundle.h"
#include "python/bindings/bindings.h"

namespace campsim::python {

void BindEvaluation(py::module_& m) {
  m.def(
      "estimate",
      [](py::array_t<float, py::array::c_style | py::array::forcecast> context,
         py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> action,
         py::array_t<double, py::array::c_style | py::array::forcecast> reward,
         py::array_t<double, py::array::c_style | py::array::forcecast> pscore,
         py::array_t<double, py::array::c_style | py::array::forcecast> action_dist, py::object eligible,
         const std::vector<std::string>& estimators, int bootstrap, const std::string& reward_model, int folds,
         std::uint64_t seed, double switch_tau) {
        if (context.ndim() != 2 || action_dist.ndim() != 2) {
          throw py::value_error("context must be (n, d) and action_dist (n, K)");
        }
        LoggedFeedback log;
        const auto n = static_cast<std::size_t>(context.shape(0));
        log.num_features = static_cast<int>(context.shape(1));
        log.num_actions = static_cast<int>(action_dist.shape(1));
        if (action.size() != static_cast<py::ssize_t>(n) || reward.size() != static_cast<py::ssize_t>(n) ||
            pscore.size() != static_cast<py::ssize_t>(n) || action_dist.shape(0) != static_cast<py::ssize_t>(n)) {
          throw py::value_error("context, action, reward, pscore and action_dist must have the same number of rows");
        }
        log.contexts.assign(context.data(), context.data() + context.size());
        log.actions.assign(action.data(), action.data() + n);
        log.rewards.assign(reward.data(), reward.data() + n);
        log.pscores.assign(pscore.data(), pscore.data() + n);
        if (!eligible.is_none()) {
          const auto e = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(
              py::module_::import("numpy").attr("asarray")(eligible).attr("astype")("uint8"));
          if (!e || e.size() != static_cast<py::ssize_t>(n) * log.num_actions) {
            throw py::value_error("eligible must be (n, K)");
          }
          log.eligible.assign(e.data(), e.data() + e.size());
        }
        std::vector<Estimator> which = AllEstimators();
        if (!estimators.empty()) {
          try {
            which = EstimatorsFromNames(estimators);
          } catch (const std::invalid_argument& error) {
            throw py::value_error(error.what());
          }
        }
        EstimatorOptions options;
        options.bootstrap_resamples = bootstrap;
        options.seed = seed;
        options.switch_tau = switch_tau;
        RewardModelOptions model;
        model.kind = reward_model;
        model.folds = folds;
        model.seed = seed;
        const std::span<const double> pmf(action_dist.data(), static_cast<std::size_t>(action_dist.size()));
        std::vector<Estimate> result;
        try {
          std::vector<double> qhat;
          if (std::any_of(which.begin(), which.end(), NeedsRewardModel)) qhat = CrossFitRewardModel(log, model);
          result = EstimatePolicyValue(log, pmf, qhat, which, options);
        } catch (const std::invalid_argument& error) {
          throw py::value_error(error.what());
        }
        py::list out;
        for (const Estimate& e : result) {
          py::dict row;
          row["estimator"] = EstimatorName(e.estimator);
          row["value"] = e.value;
          row["ci_low"] = e.ci_low;
          row["ci_high"] = e.ci_high;
          out.append(row);
        }
        return out;
      },
      py::arg("context"), py::arg("action"), py::arg("reward"), py::arg("pscore"), py::arg("action_dist"),
      py::arg("eligible") = py::none(), py::arg("estimators") = std::vector<std::string>{},
      py::arg("bootstrap") = 1000, py::arg("reward_model") = "ridge", py::arg("folds") = 5, py::arg("seed") = 1,
      py::arg("switch_tau") = 10.0, "Off-policy estimates with bootstrap intervals (see campsim.estimate).");

  py::class_<PolicyBundle, std::shared_ptr<PolicyBundle>>(m, "PolicyBundle", "A policy bundle scored by the C++ scorer.")
      .def_static("load", [](const std::string& path) { return std::make_shared<PolicyBundle>(LoadPolicyBundle(path)); })
      .def_static("loads", [](const std::string& text) { return std::make_shared<PolicyBundle>(ReadPolicyBundle(text, "<string>")); })
      .def("pmf_from_context",
           [](const PolicyBundle& b, py::array_t<float, py::array::c_style | py::array::forcecast> context,
              py::array_t<bool, py::array::c_style | py::array::forcecast> eligible) {
             const auto k = static_cast<py::ssize_t>(b.actions.size());
             const auto d = static_cast<py::ssize_t>(b.features.num_outputs());
             if (context.ndim() != 2 || context.shape(1) != d || eligible.ndim() != 2 ||
                 eligible.shape(0) != context.shape(0) || eligible.shape(1) != k) {
               throw py::value_error("context must be (n, " + std::to_string(d) + ") and eligible (n, " + std::to_string(k) + ")");
             }
             const auto n = context.shape(0);
             std::vector<double> out(static_cast<std::size_t>(n * k));
             std::vector<std::uint8_t> mask(static_cast<std::size_t>(k));
             for (py::ssize_t i = 0; i < n; ++i) {
               for (py::ssize_t a = 0; a < k; ++a) mask[a] = eligible.data()[i * k + a] ? 1 : 0;
               b.PmfFromContext(std::span<const float>(context.data() + i * d, static_cast<std::size_t>(d)), mask,
                                std::span<double>(out.data() + i * k, static_cast<std::size_t>(k)));
             }
             return OwnedArray(std::move(out), {n, k});
           })
      .def_property_readonly("kind", [](const PolicyBundle& b) { return b.policy->kind(); })
      .def_property_readonly("feature_names", [](const PolicyBundle& b) {
        std::vector<std::string> names;
        for (const auto& o : b.features.outputs()) names.push_back(o.name);
        return names;
      })
      .def_property_readonly("action_names", [](const PolicyBundle& b) {
        std::vector<std::string> names;
        for (const auto& a : b.actions) names.push_back(a.name);
        return names;
      });
}

}  // namespace campsim::python
