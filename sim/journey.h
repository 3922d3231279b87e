// The journey graph: touchpoints users move across on their own, as a semi-Markov process.
//
// Contract:
// - Nodes are touchpoints (search, social, web, app, checkout, ...). A session starts at a
//   node (drawn from the entry weights for organic sessions; a channel's landing node for
//   message and paid sessions). At each node the user converts with probability
//   sigmoid(logit(conversion_prob) + shift), which ends the session; otherwise an absorbing
//   node ends it, and any other node moves on along an out-edge drawn by its probability
//   after an exponential dwell time (mean dwell_minutes). `shift` is fixed for the session:
//   segment intent + lifecycle stage + paid media lift + message or recent-click boosts.
// - Validation at load (errors name the node or edge and its YAML line): edges join declared
//   nodes; a non-absorbing node's out-edge probabilities sum to 1; absorbing nodes have no
//   out-edges; every node is reachable from an entry node or a landing node; every node can
//   reach an absorbing node (sessions end with probability 1).
// - ConversionProbability() is exact: it solves the absorbing-chain equations
//   v(n) = p(n) + (1 - p(n)) * sum_m P(n, m) v(m), v(absorbing n) = p(n).
#ifndef CAMPSIM_SIM_JOURNEY_H_
#define CAMPSIM_SIM_JOURNEY_H_

#include <bit>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "core/rng.h"
#include "core/sim_time.h"

namespace campsim {

struct JourneyNodeConfig : DescribableBase<JourneyNodeConfig> {
  std::string name;
  double conversion_prob = 0.0;
  double entry_weight = 0.0;
  double dwell_minutes = 3.0;
  bool absorbing = false;
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

struct JourneyEdgeConfig : DescribableBase<JourneyEdgeConfig> {
  std::string from;
  std::string to;
  double prob = 1.0;
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
};

struct JourneyConfig : DescribableBase<JourneyConfig> {
  std::vector<JourneyNodeConfig> nodes;
  std::vector<JourneyEdgeConfig> edges;
  double message_boost = 0.3;
  double recent_click_boost = 0.5;
  double recent_click_half_life_hours = 48.0;
  double discount_conversion_weight = 2.0;
  SourceLocation where;
  void Describe(ConfigVisitor& v) override;
  // A small default graph: search/social/web/app -> product -> checkout.
  static JourneyConfig Default();
};

// A place in the scenario that names a node: used to validate landing nodes.
struct NodeReference {
  std::string node;
  SourceLocation where;
  std::string what;  // "owned channel email's landing_node"
};

struct SessionOutcome {
  int converted_at = -1;  // node index of the conversion, or -1
  int steps = 0;          // nodes visited
  SimTime duration = 0;   // sum of dwell times
};

class JourneyGraph;

// Memoises a walk's per-node conversion probabilities for the last shift walked with: an
// organic world's sessions mostly share a shift, and each node's probability is then one
// lookup instead of an exp. Values are the same bits as without the memo. Not thread-safe:
// one per shard or thread.
class NodeOddsMemo {
 public:
  explicit NodeOddsMemo(const JourneyGraph& graph);

 private:
  friend class JourneyGraph;
  std::uint64_t key_ = 0;      // bits of the shift probs_ are for (at first +0.0)
  std::vector<double> probs_;  // NaN until computed for key_
};

class JourneyGraph {
 public:
  // Validates and builds; throws ConfigError at the offending node, edge or reference.
  JourneyGraph(const JourneyConfig& config, const std::vector<NodeReference>& starts);

  int num_nodes() const { return static_cast<int>(names_.size()); }
  const std::string& name(int node) const { return names_[node]; }
  int NodeIndex(const std::string& name) const;  // -1 if absent

  // Start node of an organic session.
  int DrawEntry(Rng& rng) const;
  // Simulates one session from `start` with conversion logit shift `shift`; `memo` (for this
  // graph) only saves work.
  SessionOutcome Walk(int start, double shift, Rng& rng, NodeOddsMemo* memo = nullptr) const;
  // Exact probability that a session from `start` converts.
  double ConversionProbability(int start, double shift) const;
  // The same for every start node at once (one solve): out[n] for n < num_nodes().
  void ConversionProbabilities(double shift, double* out) const;

  static constexpr int kMaxNodes = 64;

 private:
  double NodeProbability(int node, double shift) const;

  std::vector<std::string> names_;
  std::vector<double> base_logit_;
  std::vector<double> dwell_s_;
  std::vector<std::uint8_t> absorbing_;
  std::vector<double> entry_weights_;
  double entry_total_ = 0.0;  // their sum in node order (Rng::Categorical's)
  // Out-edges of node n: targets_[offsets_[n] .. offsets_[n+1]) with probs_.
  std::vector<int> offsets_;
  std::vector<int> targets_;
  std::vector<double> probs_;
};

// Memoises JourneyGraph::ConversionProbabilities by the exact shift. Message sessions' shifts
// take few distinct values (segment x stage x discount x paid period), so this turns one
// solve per decision into one per distinct value. Values are bit-identical to a fresh solve.
// Not thread-safe: one cache per thread or shard.
class ConversionCache {
 public:
  explicit ConversionCache(const JourneyGraph& graph) : graph_(&graph) {}
  // A copy has the same entries and no last lookup (that points into the original's map).
  ConversionCache(const ConversionCache& other) : graph_(other.graph_), entries_(other.entries_) {}
  ConversionCache& operator=(const ConversionCache& other) {
    graph_ = other.graph_;
    entries_ = other.entries_;
    last_ = nullptr;
    return *this;
  }
  // Conversion probability of a session from each start node, for this shift. The values stay
  // valid until the next call.
  const double* Get(double shift) {
    const auto key = std::bit_cast<std::uint64_t>(shift);
    return last_ != nullptr && key == last_key_ ? last_ : Lookup(key, shift);
  }

 private:
  // Get() past the last lookup: the map, or a fresh solve.
  const double* Lookup(std::uint64_t key, double shift);
  static constexpr std::size_t kMaxEntries = 4096;
  const JourneyGraph* graph_;
  std::unordered_map<std::uint64_t, std::vector<double>> entries_;
  // The last lookup, in front of the map: consecutive users mostly share a shift.
  std::uint64_t last_key_ = 0;
  const double* last_ = nullptr;  // null when there is none
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_JOURNEY_H_
