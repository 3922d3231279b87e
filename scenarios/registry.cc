#include "scenarios/registry.h"

#include <stdexcept>

#include "agents/bandits/context_free.h"
#include "agents/bandits/hybrid_lin_ucb.h"
#include "agents/bandits/linear_bandits.h"
#include "agents/bandits/logistic_ts.h"
#include "agents/baselines/budget_baselines.h"
#include "agents/baselines/mmm_optimal.h"
#include "agents/rl/actor_critic_budget.h"
#include "agents/rl/cem_budget.h"
#include "agents/rl/dqn.h"
#include "agents/rl/q_learning_budget.h"
#include "agents/budget_paced.h"
#include "agents/baselines/message_baselines.h"
#include "sim/owned_channel.h"
#include "sim/paid_channel.h"

namespace campsim {

void Registry::Add(Entry entry) {
  if (Find(entry.kind, entry.type) != nullptr) {
    throw std::logic_error("component " + entry.kind + "/" + entry.type + " registered twice");
  }
  entries_.push_back(std::move(entry));
}

const Registry::Entry* Registry::Find(std::string_view kind, std::string_view type) const {
  for (const auto& e : entries_) {
    if (e.kind == kind && e.type == type) return &e;
  }
  return nullptr;
}

std::vector<const Registry::Entry*> Registry::OfKind(std::string_view kind) const {
  std::vector<const Entry*> out;
  for (const auto& e : entries_) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

std::vector<std::string> Registry::Kinds() const {
  std::vector<std::string> kinds;
  for (const auto& e : entries_) {
    bool seen = false;
    for (const auto& k : kinds) seen = seen || k == e.kind;
    if (!seen) kinds.push_back(e.kind);
  }
  return kinds;
}

std::unique_ptr<MessageAgent> Registry::MakeMessageAgent(const ComponentConfig& c,
                                                         const MessageProblem& problem) const {
  const Entry* e = Find("message_agent", c.type);
  if (e == nullptr) throw ConfigError(c.where, "unknown message_agent type '" + c.type + "'");
  return e->make_message_agent(*c.params, problem);
}

std::unique_ptr<BudgetAgent> Registry::MakeBudgetAgent(const ComponentConfig& c,
                                                       const BudgetProblem& problem) const {
  const Entry* e = Find("budget_agent", c.type);
  if (e == nullptr) throw ConfigError(c.where, "unknown budget_agent type '" + c.type + "'");
  return e->make_budget_agent(*c.params, problem);
}

namespace {

template <typename P>
Registry::ParamsFactory ParamsOf(P defaults) {
  return [defaults] { return std::make_unique<P>(defaults); };
}

void AddOwned(Registry& r, const char* type, const char* summary, OwnedChannelParams defaults) {
  r.Add({"owned_channel", type, summary, ParamsOf(defaults), nullptr, nullptr});
}

// A message agent whose constructor is Agent(const Params&, const MessageProblem&).
template <typename Agent, typename P>
void AddMessageAgent(Registry& r, const char* type, const char* summary) {
  r.Add({"message_agent", type, summary, ParamsOf(P{}),
         [](const Describable& p, const MessageProblem& problem) -> std::unique_ptr<MessageAgent> {
           return std::make_unique<Agent>(dynamic_cast<const P&>(p), problem);
         },
         nullptr});
}

// A budget agent whose constructor is Agent(const Params&, const BudgetProblem&).
template <typename Agent, typename P>
void AddBudgetAgent(Registry& r, const char* type, const char* summary) {
  r.Add({"budget_agent", type, summary, ParamsOf(P{}), nullptr,
         [](const Describable& p, const BudgetProblem& problem) -> std::unique_ptr<BudgetAgent> {
           return std::make_unique<Agent>(dynamic_cast<const P&>(p), problem);
         }});
}

void AddPaid(Registry& r, const char* type, const char* summary, PaidChannelParams defaults) {
  r.Add({"paid_channel", type, summary, ParamsOf(defaults), nullptr, nullptr});
}

}  // namespace

void RegisterBuiltins(Registry& r) {
  AddOwned(r, "email", "Promotional email: cheap, 15-30% opens, 1-3% clicks per send.",
           OwnedChannelParams::Email());
  AddOwned(r, "push", "Mobile push: opt-in, a few % direct opens; an open starts an app session.",
           OwnedChannelParams::Push());
  AddOwned(r, "sms", "SMS: costly per send, low opt-in, high clicks and unsubscribes.",
           OwnedChannelParams::Sms());
  AddOwned(r, "in_app", "In-app message: free, reaches app users only.",
           OwnedChannelParams::InApp());
  AddPaid(r, "social", "Paid social: mid CPM, about 1% CTR, moderate carry-over.",
          PaidChannelParams::Social());
  AddPaid(r, "search", "Paid search: high CPM, high CTR, little carry-over.",
          PaidChannelParams::Search());
  AddPaid(r, "display", "Display: cheap CPM, low CTR, long carry-over.",
          PaidChannelParams::Display());

  r.Add({"message_agent", "no_send", "Never sends (the do-nothing counterfactual).",
         ParamsOf(NoParams{}),
         [](const Describable&, const MessageProblem& problem) {
           return std::make_unique<NoSendAgent>(problem);
         },
         nullptr});
  r.Add({"message_agent", "uniform_random",
         "Uniform over eligible actions; logs propensity 1/|eligible|.",
         ParamsOf(UniformRandomParams{}),
         [](const Describable& p, const MessageProblem& problem) {
           return std::make_unique<UniformRandomAgent>(dynamic_cast<const UniformRandomParams&>(p),
                                                       problem);
         },
         nullptr});
  r.Add({"message_agent", "rule", "Fixed schedule: one action per segment every N days.",
         ParamsOf(RuleParams{}),
         [](const Describable& p, const MessageProblem& problem) {
           return std::make_unique<RuleAgent>(dynamic_cast<const RuleParams&>(p), problem);
         },
         nullptr});
  r.Add({"message_agent", "myopic_oracle",
         "Picks the action with the highest true expected immediate reward.", ParamsOf(NoParams{}),
         [](const Describable&, const MessageProblem& problem) {
           return std::make_unique<MyopicOracleAgent>(problem);
         },
         nullptr});

  AddMessageAgent<EpsilonGreedyAgent, EpsilonGreedyParams>(
      r, "epsilon_greedy", "Ridge estimates per action; explores uniformly with probability epsilon.");
  r.Add({"message_agent", "lin_ucb",
         "LinUCB (Li et al. 2010), disjoint or hybrid: ridge mean plus a confidence bonus.",
         ParamsOf(LinUcbParams{}),
         [](const Describable& p, const MessageProblem& problem) -> std::unique_ptr<MessageAgent> {
           const auto& params = dynamic_cast<const LinUcbParams&>(p);
           if (params.variant == "hybrid") return std::make_unique<HybridLinUcbAgent>(params, problem);
           return std::make_unique<LinUcbAgent>(params, problem);
         },
         nullptr});
  AddMessageAgent<LinTsAgent, LinTsParams>(
      r, "lin_ts", "Linear Thompson sampling (Agrawal & Goyal 2013) with exact propensities.");
  AddMessageAgent<LogisticTsAgent, LogisticTsParams>(
      r, "logistic_ts", "Thompson sampling on conversions with a Laplace logistic posterior.");
  AddMessageAgent<SoftmaxAgent, SoftmaxParams>(
      r, "softmax", "Boltzmann exploration over ridge estimates, temperature decaying.");
  AddMessageAgent<Ucb1Agent, Ucb1Params>(r, "ucb1", "Context-free UCB1 (Auer et al. 2002).");
  AddMessageAgent<BetaTsAgent, BetaTsParams>(
      r, "beta_ts", "Context-free Beta-Bernoulli Thompson sampling on conversions.");

  AddMessageAgent<DqnAgent, DqnParams>(
      r, "dqn", "Deep Q-network on long-term value (fatigue, unsubscribes, churn); replay, target net.");

  // The wrapper builds its inner agent through the finished registry.
  r.Add({"message_agent", "budget_paced",
         "Wraps a learning agent; a Lagrangian price on cost paces spend over the horizon.",
         ParamsOf(BudgetPacedParams{}),
         [](const Describable& p, const MessageProblem& problem) -> std::unique_ptr<MessageAgent> {
           const auto& params = dynamic_cast<const BudgetPacedParams&>(p);
           return std::make_unique<BudgetPacedAgent>(
               params, problem, BuiltinRegistry().MakeMessageAgent(params.agent, problem));
         },
         nullptr});

  r.Add({"budget_agent", "uniform_split",
         "Paces evenly and splits each period equally across budget lines.", ParamsOf(NoParams{}),
         nullptr,
         [](const Describable&, const BudgetProblem& problem) {
           return std::make_unique<UniformSplitAgent>(problem);
         }});
  r.Add({"budget_agent", "fixed_shares", "Paces evenly and splits by fixed shares per line.",
         ParamsOf(FixedSharesParams{}), nullptr,
         [](const Describable& p, const BudgetProblem& problem) {
           return std::make_unique<FixedSharesAgent>(dynamic_cast<const FixedSharesParams&>(p),
                                                     problem.lines);
         }});
  AddBudgetAgent<BudgetPolicyAgent, BudgetPolicyParams>(
      r, "budget_policy", "Follows a frozen budget policy file (exported by campsim train).");
  AddBudgetAgent<LastRoiProportionalAgent, LastRoiParams>(
      r, "last_roi_proportional",
      "Paces evenly; splits each period by the lines' ROI in the previous period.");
  AddBudgetAgent<MmmOptimalStaticAgent, MmmOptimalParams>(
      r, "mmm_optimal_static",
      "The static split that maximises expected revenue under the true media curves.");
  AddBudgetAgent<QLearningBudgetAgent, QLearningParams>(
      r, "q_learning", "Tabular Q-learning over period x pace states and a grid of splits.");
  AddBudgetAgent<ActorCriticBudgetAgent, ActorCriticParams>(
      r, "actor_critic", "REINFORCE with a learned value baseline; softmax-linear split.");
  AddBudgetAgent<CemBudgetAgent, CemParams>(
      r, "cem", "Cross-entropy method over per-period split schedules.");
}

const Registry& BuiltinRegistry() {
  static const Registry registry = [] {
    Registry r;
    RegisterBuiltins(r);
    return r;
  }();
  return registry;
}

}  // namespace campsim
