// The component registry: every `{type, params}` the scenario language knows, listed once
// in RegisterBuiltins() (registry.cc). Nothing registers itself from a static initialiser.
//
// Kinds: owned_channel, paid_channel (params only; the simulator builds them), and
// message_agent, budget_agent (params plus a factory).
#ifndef CAMPSIM_SCENARIOS_REGISTRY_H_
#define CAMPSIM_SCENARIOS_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agents/agent.h"
#include "core/config.h"

namespace campsim {

class Registry {
 public:
  using ParamsFactory = std::function<std::unique_ptr<Describable>()>;
  using MessageAgentFactory =
      std::function<std::unique_ptr<MessageAgent>(const Describable&, const MessageProblem&)>;
  using BudgetAgentFactory =
      std::function<std::unique_ptr<BudgetAgent>(const Describable&, const BudgetProblem&)>;

  struct Entry {
    std::string kind;
    std::string type;
    std::string summary;
    ParamsFactory make_params;
    MessageAgentFactory make_message_agent;  // kind message_agent
    BudgetAgentFactory make_budget_agent;    // kind budget_agent
  };

  void Add(Entry entry);
  const Entry* Find(std::string_view kind, std::string_view type) const;
  std::vector<const Entry*> OfKind(std::string_view kind) const;
  std::vector<std::string> Kinds() const;

  // Build agents from resolved components; a factory's ConfigError propagates.
  std::unique_ptr<MessageAgent> MakeMessageAgent(const ComponentConfig& c,
                                                 const MessageProblem& problem) const;
  std::unique_ptr<BudgetAgent> MakeBudgetAgent(const ComponentConfig& c,
                                               const BudgetProblem& problem) const;

 private:
  std::vector<Entry> entries_;
};

// The one list of built-in components.
void RegisterBuiltins(Registry& registry);
// A registry with the built-ins, built on first use and never changed afterwards.
const Registry& BuiltinRegistry();

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_REGISTRY_H_
