// A message agent written in Python (a subclass of campsim.Agent), run by C++ like any other:
// in a Python loop over CampaignEnv or inside the C++ runner (campsim.run(agents=...)).
//
// Contract with the Python object: `pmf(contexts, eligible)` returns the (n, K) probabilities
// for a batch (contexts float32 (n, d), eligible bool (n, K), both copies the agent may keep);
// `learn(feedback)` receives a dict of arrays. Every call takes the GIL, so the runner's worker
// threads may call it. A pmf that is not a valid distribution on the eligible actions raises
// ValueError naming the row; Python exceptions propagate with their message.
#ifndef CAMPSIM_PYTHON_BINDINGS_PY_AGENT_H_
#define CAMPSIM_PYTHON_BINDINGS_PY_AGENT_H_

#include "agents/agent.h"
#include "python/bindings/bindings.h"

namespace campsim::python {

class PyMessageAgent final : public MessageAgent {
 public:
  PyMessageAgent(py::object agent, const MessageProblem& problem);
  ~PyMessageAgent() override;

  void Pmf(const MessageBatch& batch, std::size_t row, std::span<double> out) const override;
  // One Python call per batch, on the calling thread (the pool is not used).
  void BatchPmf(const MessageBatch& batch, std::span<double> out, WorkerPool* pool) const override;
  void Learn(const FeedbackBatch& feedback, WorkerPool* pool) override;

 private:
  py::object agent_;
  int num_actions_;
};

// The problem as a dict: feature_names, action_names, channel_names, message_names,
// action_features (K x m array), action_feature_names, costs, seed.
py::dict ProblemDict(const MessageProblem& problem);
// Feedback as a dict of arrays (copies).
py::dict FeedbackDict(const FeedbackBatch& feedback);

}  // namespace campsim::python

#endif  // CAMPSIM_PYTHON_BINDINGS_PY_AGENT_H_
