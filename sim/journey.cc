#include "sim/journey.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "sim/owned_channel.h"

namespace campsim {

void JourneyNodeConfig::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("name", name, "Touchpoint name, unique in the graph.");
  v.Field("conversion_prob", conversion_prob,
          "Probability that a visit here converts, before the session's logit shift.",
          Probability());
  v.Field("entry_weight", entry_weight,
          "Relative weight of starting an organic session here (0: never).", NonNegative());
  v.Field("dwell_minutes", dwell_minutes, "Mean time spent here before moving on.",
          NonNegative());
  v.Field("absorbing", absorbing, "A session ends after visiting this node.");
  v.Require(!name.empty(), "every journey node needs a name");
}

void JourneyEdgeConfig::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("from", from, "Source node name.");
  v.Field("to", to, "Target node name.");
  v.Field("prob", prob, "Probability of taking this edge when leaving `from` unconverted.",
          Probability());
}

void JourneyConfig::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.ListOf("nodes", nodes, "Touchpoints.");
  v.ListOf("edges", edges, "Moves between touchpoints.");
  v.Field("message_boost", message_boost,
          "Conversion logit shift of a session started by a message click or open.");
  v.Field("recent_click_boost", recent_click_boost,
          "Conversion logit shift of an organic session right after a message click; it "
          "halves every recent_click_half_life_hours.");
  v.Field("recent_click_half_life_hours", recent_click_half_life_hours,
          "Half-life of the recent-click boost.", Positive());
  v.Field("discount_conversion_weight", discount_conversion_weight,
          "Conversion logit shift per unit of message discount x segment discount_sensitivity.");
  v.Require(!nodes.empty(), "the journey needs at least one node");
}

JourneyConfig JourneyConfig::Default() {
  JourneyConfig j;
  auto node = [&](const char* name, double conv, double entry, bool absorbing) {
    JourneyNodeConfig n;
    n.name = name;
    n.conversion_prob = conv;
    n.entry_weight = entry;
    n.absorbing = absorbing;
    j.nodes.push_back(n);
  };
  auto edge = [&](const char* from, const char* to, double prob) {
    JourneyEdgeConfig e;
    e.from = from;
    e.to = to;
    e.prob = prob;
    j.edges.push_back(e);
  };
  node("search", 0.0, 0.3, false);
  node("social", 0.0, 0.2, false);
  node("web", 0.002, 0.3, false);
  node("app", 0.004, 0.2, false);
  node("product", 0.01, 0.0, false);
  node("checkout", 0.3, 0.0, true);
  node("exit", 0.0, 0.0, true);
  edge("search", "product", 0.6);
  edge("search", "exit", 0.4);
  edge("social", "web", 0.5);
  edge("social", "exit", 0.5);
  edge("web", "product", 0.5);
  edge("web", "exit", 0.5);
  edge("app", "product", 0.6);
  edge("app", "exit", 0.4);
  edge("product", "checkout", 0.08);
  edge("product", "web", 0.2);
  edge("product", "exit", 0.72);
  return j;
}

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

class MarkVisitor : public boost::default_bfs_visitor {
 public:
  explicit MarkVisitor(std::vector<std::uint8_t>& seen) : seen_(&seen) {}
  template <typename Vertex, typename G>
  void discover_vertex(Vertex v, const G&) const {
    (*seen_)[v] = 1;
  }

 private:
  std::vector<std::uint8_t>* seen_;
};

template <typename G>
std::vector<std::uint8_t> ReachableFrom(const G& graph, const std::vector<int>& sources, int n) {
  std::vector<std::uint8_t> seen(n, 0);
  for (int s : sources) {
    if (seen[s]) continue;
    std::vector<boost::default_color_type> colors(n, boost::white_color);
    boost::breadth_first_visit(
        graph, static_cast<typename boost::graph_traits<G>::vertex_descriptor>(s),
        boost::visitor(MarkVisitor(seen)).color_map(boost::make_iterator_property_map(
            colors.begin(), boost::get(boost::vertex_index, graph))));
  }
  return seen;
}

}  // namespace

JourneyGraph::JourneyGraph(const JourneyConfig& config, const std::vector<NodeReference>& starts) {
  std::map<std::string, int> index;
  for (const auto& node : config.nodes) {
    if (!index.emplace(node.name, static_cast<int>(names_.size())).second) {
      throw ConfigError(node.where, "journey node '" + node.name + "' is declared twice");
    }
    names_.push_back(node.name);
    base_logit_.push_back(Logit(node.conversion_prob));
    dwell_s_.push_back(node.dwell_minutes * kMinute);
    absorbing_.push_back(node.absorbing ? 1 : 0);
    entry_weights_.push_back(node.entry_weight);
    entry_total_ += node.entry_weight;
  }
  const int n = num_nodes();
  if (n > kMaxNodes) {
    throw ConfigError(config.where, "the journey has " + std::to_string(n) +
                                        " nodes; at most " + std::to_string(kMaxNodes) +
                                        " are supported");
  }
  auto lookup = [&](const std::string& name, const SourceLocation& where, const std::string& what) {
    const auto it = index.find(name);
    if (it == index.end()) {
      throw ConfigError(where, what + " names unknown journey node '" + name +
                                   "' (declared nodes: " + JoinNames(names_) + ")");
    }
    return it->second;
  };

  Graph graph(n);
  std::vector<std::vector<std::pair<int, double>>> out(n);
  for (std::size_t i = 0; i < config.edges.size(); ++i) {
    const auto& e = config.edges[i];
    // Built-in default edges have no line of their own: point at the journey instead.
    SourceLocation where = e.where;
    std::string what = "edge 'from'";
    if (where.line == 0) {
      where = config.where;
      where.path = "journey.edges[" + std::to_string(i) + "]";
      what = "built-in default edge " + e.from + " -> " + e.to +
             " (declare journey.edges whenever you declare journey.nodes):";
    }
    const int from = lookup(e.from, where, what);
    const int to = lookup(e.to, where, what == "edge 'from'" ? "edge 'to'" : what);
    if (absorbing_[from]) {
      throw ConfigError(where, "journey node '" + e.from +
                                   "' is absorbing (sessions end there) but has an out-edge to '" +
                                     e.to + "'; remove the edge or set absorbing: false");
    }
    out[from].emplace_back(to, e.prob);
    if (e.prob > 0.0) boost::add_edge(from, to, graph);  // a 0 edge is never taken
  }
  for (int v = 0; v < n; ++v) {
    if (absorbing_[v]) continue;
    double total = 0.0;
    for (const auto& [to, p] : out[v]) total += p;
    if (out[v].empty()) {
      throw ConfigError(config.nodes[v].where,
                        "journey node '" + names_[v] +
                            "' is a dead end: it has no out-edges; add edges or set absorbing: true");
    }
    if (std::abs(total - 1.0) > 1e-6) {
      throw ConfigError(config.nodes[v].where, "out-edge probabilities of journey node '" +
                                                   names_[v] + "' sum to " + FormatNumber(total) +
                                                   ", not 1");
    }
  }

  std::vector<int> sources;
  for (int v = 0; v < n; ++v) {
    if (entry_weights_[v] > 0.0) sources.push_back(v);
  }
  if (sources.empty()) {
    throw ConfigError(config.where, "no journey node has entry_weight > 0, so organic sessions "
                                    "could not start anywhere");
  }
  for (const auto& ref : starts) sources.push_back(lookup(ref.node, ref.where, ref.what));
  const auto reachable = ReachableFrom(graph, sources, n);
  std::vector<int> sinks;
  for (int v = 0; v < n; ++v) {
    if (absorbing_[v]) sinks.push_back(v);
  }
  const auto ends = ReachableFrom(boost::make_reverse_graph(graph), sinks, n);
  for (int v = 0; v < n; ++v) {
    if (!reachable[v]) {
      throw ConfigError(config.nodes[v].where,
                        "journey node '" + names_[v] +
                            "' is unreachable: no entry weight, landing node or path with probability > 0 "
                            "leads to it");
    }
    if (!ends[v]) {
      throw ConfigError(config.nodes[v].where, "sessions through journey node '" + names_[v] +
                                                   "' can never end: no path reaches an "
                                                   "absorbing node");
    }
  }

  offsets_.push_back(0);
  for (int v = 0; v < n; ++v) {
    for (const auto& [to, p] : out[v]) {
      targets_.push_back(to);
      probs_.push_back(p);
    }
    offsets_.push_back(static_cast<int>(targets_.size()));
  }
}

int JourneyGraph::NodeIndex(const std::string& name) const {
  for (int v = 0; v < num_nodes(); ++v) {
    if (names_[v] == name) return v;
  }
  return -1;
}

int JourneyGraph::DrawEntry(Rng& rng) const {
  return static_cast<int>(rng.Categorical(entry_weights_, entry_total_));
}

double JourneyGraph::NodeProbability(int node, double shift) const {
  return Sigmoid(base_logit_[node] + shift);
}

NodeOddsMemo::NodeOddsMemo(const JourneyGraph& graph)
    : probs_(static_cast<std::size_t>(graph.num_nodes()),
             std::numeric_limits<double>::quiet_NaN()) {}

SessionOutcome JourneyGraph::Walk(int start, double shift, Rng& rng, NodeOddsMemo* memo) const {
  constexpr int kMaxSteps = 10000;  // never reached: validation guarantees sessions end
  if (memo != nullptr) {
    const auto key = std::bit_cast<std::uint64_t>(shift);
    if (memo->key_ != key) {
      std::fill(memo->probs_.begin(), memo->probs_.end(), std::numeric_limits<double>::quiet_NaN());
      memo->key_ = key;
    }
  }
  auto probability = [&](int node) {
    if (memo == nullptr) return NodeProbability(node, shift);
    double& p = memo->probs_[static_cast<std::size_t>(node)];
    if (std::isnan(p)) p = NodeProbability(node, shift);
    return p;
  };
  SessionOutcome outcome;
  int node = start;
  while (outcome.steps < kMaxSteps) {
    ++outcome.steps;
    if (rng.Bernoulli(probability(node))) {
      outcome.converted_at = node;
      return outcome;
    }
    if (absorbing_[node]) return outcome;
    if (dwell_s_[node] > 0.0) outcome.duration += static_cast<SimTime>(rng.Exponential(dwell_s_[node]));
    const int begin = offsets_[node];
    const int end = offsets_[node + 1];
    double u = rng.Uniform();
    int next = targets_[end - 1];
    for (int e = begin; e < end; ++e) {
      if (u < probs_[e]) {
        next = targets_[e];
        break;
      }
      u -= probs_[e];
    }
    node = next;
  }
  return outcome;
}

double JourneyGraph::ConversionProbability(int start, double shift) const {
  double v[kMaxNodes];
  ConversionProbabilities(shift, v);
  return v[start];
}

void JourneyGraph::ConversionProbabilities(double shift, double* out) const {
  const int n = num_nodes();
  // Dense system A v = b with A = I - diag(1 - p) P over non-absorbing rows, solved by
  // Gaussian elimination with partial pivoting on the stack (n <= kMaxNodes).
  double a[kMaxNodes * kMaxNodes];
  double* b = out;
  for (int v = 0; v < n; ++v) {
    const double p = NodeProbability(v, shift);
    double* row = a + v * n;
    for (int c = 0; c < n; ++c) row[c] = 0.0;
    row[v] = 1.0;
    b[v] = p;
    if (absorbing_[v]) continue;
    for (int e = offsets_[v]; e < offsets_[v + 1]; ++e) row[targets_[e]] -= (1.0 - p) * probs_[e];
  }
  for (int col = 0; col < n; ++col) {
    int pivot = col;
    for (int r = col + 1; r < n; ++r) {
      if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col])) pivot = r;
    }
    if (pivot != col) {
      for (int c = 0; c < n; ++c) std::swap(a[col * n + c], a[pivot * n + c]);
      std::swap(b[col], b[pivot]);
    }
    const double diag = a[col * n + col];
    for (int r = col + 1; r < n; ++r) {
      const double factor = a[r * n + col] / diag;
      if (factor == 0.0) continue;
      for (int c = col; c < n; ++c) a[r * n + c] -= factor * a[col * n + c];
      b[r] -= factor * b[col];
    }
  }
  for (int r = n - 1; r >= 0; --r) {
    double sum = b[r];
    for (int c = r + 1; c < n; ++c) sum -= a[r * n + c] * out[c];
    out[r] = sum / a[r * n + r];
  }
}

const double* ConversionCache::Lookup(std::uint64_t key, double shift) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxEntries) {  // the map's values keep their addresses until then
      last_ = nullptr;
      entries_.clear();
    }
    std::vector<double> values(static_cast<std::size_t>(graph_->num_nodes()));
    graph_->ConversionProbabilities(shift, values.data());
    it = entries_.emplace(key, std::move(values)).first;
  }
  last_key_ = key;
  last_ = it->second.data();
  return last_;
}

}  // namespace campsim
