// CampaignEnv from Python: the batch decision protocol of docs/decision-contract.md.
//
// Each step is a snapshot the Python object owns (one copy of the step out of the
// environment); its arrays are zero-copy views into that snapshot, so they stay valid after
// the environment moves on.
#include "core/config.h"
#include "python/bindings/py_agent.h"
#include "sim/campaign_env.h"

namespace campsim::python {

namespace {

struct EnvHandle {
  Scenario scenario;
  std::unique_ptr<CampaignEnv> env;

  CampaignEnv& Get() {
    if (!env) throw py::value_error("call reset() first");
    return *env;
  }
};

std::shared_ptr<EnvStep> Snapshot(const EnvStep& step) { return std::make_shared<EnvStep>(step); }

// A view of a vector inside a Step, kept alive by the Step object.
template <typename T, typename Allocator>
py::array_t<T> View(const py::object& owner, const std::vector<T, Allocator>& values,
                    std::vector<py::ssize_t> shape) {
  py::array_t<T> a(shape, values.data(), owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

const char* KindName(EnvStep::Kind k) {
  switch (k) {
    case EnvStep::Kind::kMessages: return "messages";
    case EnvStep::Kind::kBudget: return "budget";
    case EnvStep::Kind::kDone: return "done";
  }
  return "?";
}

}  // namespace

void BindEnv(py::module_& m) {
  py::class_<EnvStep, std::shared_ptr<EnvStep>>(m, "Step", "One request of the environment, with the feedback that matured since the previous one.")
      .def_property_readonly("kind", [](const EnvStep& s) { return KindName(s.kind); }, "'messages', 'budget' or 'done'.")
      .def_property_readonly("time", [](const EnvStep& s) { return s.time; }, "Simulation time in seconds.")
      .def_property_readonly("day", [](const EnvStep& s) { return TimeToDays(s.time); })
      .def_property_readonly("done", &EnvStep::done)
      .def_property_readonly("size", [](const EnvStep& s) { return s.messages.size(); }, "Rows of a messages step.")
      .def_property_readonly("contexts", [](py::object self) {
        const auto& b = self.cast<const EnvStep&>().messages;
        return View(self, b.contexts, {static_cast<py::ssize_t>(b.size()), b.num_features});
      }, "float32 (n, d), read-only view.")
      .def_property_readonly("eligible", [](py::object self) {
        const auto& b = self.cast<const EnvStep&>().messages;
        return View(self, b.eligible, {static_cast<py::ssize_t>(b.size()), b.num_actions}).attr("view")("bool");
      }, "bool (n, K), read-only view.")
      .def_property_readonly("expected_reward", [](py::object self) {
        const auto& b = self.cast<const EnvStep&>().messages;
        return View(self, b.expected_reward, {static_cast<py::ssize_t>(b.size()), b.num_actions});
      }, "Ground truth: the exact expected reward of every action (n, K); for evaluation, not for learning.")
      .def_property_readonly("users", [](py::object self) {
        const auto& b = self.cast<const EnvStep&>().messages;
        return View(self, b.users, {static_cast<py::ssize_t>(b.size())});
      })
      .def_property_readonly("decision_ids", [](py::object self) {
        const auto& b = self.cast<const EnvStep&>().messages;
        return View(self, b.decision_ids, {static_cast<py::ssize_t>(b.size())});
      })
      .def_property_readonly("feedback", [](const EnvStep& s) { return FeedbackDict(s.feedback); },
                             "Matured decisions since the previous step: dict of arrays.")
      .def_property_readonly("budget", [](const EnvStep& s) {
        const BudgetObservation& o = s.budget;
        py::dict d;
        d["period"] = o.period;
        d["num_periods"] = o.num_periods;
        d["total_budget"] = o.total_budget;
        d["remaining_budget"] = o.remaining_budget;
        d["lines"] = o.lines;
        d["spend_to_date"] = o.spend_to_date;
        d["revenue_to_date"] = o.revenue_to_date;
        d["adstock"] = o.adstock;
        return d;
      }, "A budget step's observation.");

  py::class_<EnvHandle>(m, "CampaignEnv", "The world, stepped by the batch decision protocol.")
      .def(py::init([](const Scenario& s) { return EnvHandle{s, nullptr}; }), py::arg("scenario"))
      .def("reset",
           [](EnvHandle& h, py::object seed) {
             const auto s = seed.is_none() ? static_cast<std::uint64_t>(h.scenario.config.seed) : seed.cast<std::uint64_t>();
             h.env = std::make_unique<CampaignEnv>(h.scenario.config.world, s);
             return Snapshot(h.env->Reset());
           },
           py::arg("seed") = py::none(), "Start a run (the scenario's seed by default); returns the first Step.")
      .def("step",
           [](EnvHandle& h, py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> actions,
              py::array_t<double, py::array::c_style | py::array::forcecast> propensities) {
             Decisions d;
             d.actions.assign(actions.data(), actions.data() + actions.size());
             d.propensities.assign(propensities.data(), propensities.data() + propensities.size());
             try {
               return Snapshot(h.Get().Step(d));
             } catch (const std::invalid_argument& e) {
               throw py::value_error(e.what());
             } catch (const std::logic_error& e) {
               throw py::value_error(e.what());
             }
           },
           py::arg("actions"), py::arg("propensities"), "Answer a messages step with one action and its propensity per row.")
      .def("step_budget",
           [](EnvHandle& h, std::vector<double> spend) {
             try {
               return Snapshot(h.Get().Step(BudgetAction{std::move(spend)}));
             } catch (const std::invalid_argument& e) {
               throw py::value_error(e.what());
             } catch (const std::logic_error& e) {
               throw py::value_error(e.what());
             }
           },
           py::arg("spend"), "Answer a budget step with the spend per budget line.")
      .def_property_readonly("problem", [](EnvHandle& h) {
        MessageProblem p = WorldModel(h.scenario.config.world).problem();
        p.seed = static_cast<std::uint64_t>(h.scenario.config.seed);
        return ProblemDict(p);
      }, "Features, actions and action features of the world.")
      .def_property_readonly("budget_lines", [](EnvHandle& h) { return h.Get().model().budget_lines(); })
      .def_property_readonly("progress", [](EnvHandle& h) { return h.Get().progress(); })
      .def_property_readonly("budget_spent", [](EnvHandle& h) { return FromMicros(h.Get().ledger().spent()); })
      .def_property_readonly("budget_total", [](EnvHandle& h) { return FromMicros(h.Get().ledger().total()); })
      .def_property_readonly("revenue_by_line", [](EnvHandle& h) {
        // As the budget observation attributes it: paid channels, then all owned channels.
        CampaignEnv& env = h.Get();
        const Metrics metrics = env.MergedMetrics();
        const auto& model = env.model();
        std::vector<double> out(model.budget_lines().size(), 0.0);
        for (std::size_t p = 0; p + 1 < out.size(); ++p) out[p] = metrics.Total(model.paid_source(static_cast<int>(p)), Metric::kRevenue);
        for (std::size_t c = 0; c < model.owned().size(); ++c) out.back() += metrics.Total(static_cast<int>(c), Metric::kRevenue);
        return out;
      }, "Attributed revenue so far per budget line.")
      .def_property_readonly("spend_by_line", [](EnvHandle& h) {
        CampaignEnv& env = h.Get();
        std::vector<double> out(env.model().budget_lines().size());
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = FromMicros(env.ledger().line_spent(static_cast<int>(i)));
        return out;
      }, "Spend so far per budget line.")
      .def_property_readonly("active_users", [](EnvHandle& h) {
        const auto& pop = h.Get().population();
        std::size_t n = 0;
        for (std::size_t u = 0; u < pop.size; ++u) n += pop.churned[u] ? 0 : 1;
        return n;
      });
}

}  // namespace campsim::python
