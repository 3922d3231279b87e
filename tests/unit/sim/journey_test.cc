#include "sim/journey.h"

#include <gtest/gtest.h>

#include "sim/owned_channel.h"

namespace campsim {
namespace {

JourneyNodeConfig Node(const char* name, double conv, double entry, bool absorbing, int line) {
  JourneyNodeConfig n;
  n.name = name;
  n.conversion_prob = conv;
  n.entry_weight = entry;
  n.absorbing = absorbing;
  n.where.line = line;
  return n;
}

JourneyEdgeConfig Edge(const char* from, const char* to, double p, int line) {
  JourneyEdgeConfig e;
  e.from = from;
  e.to = to;
  e.prob = p;
  e.where.line = line;
  return e;
}

// web -> product (0.5) | exit; product -> checkout (0.2) | web (0.3) | exit.
JourneyConfig Chain() {
  JourneyConfig j;
  j.nodes = {Node("web", 0.01, 1.0, false, 1), Node("product", 0.05, 0.0, false, 2),
             Node("checkout", 0.4, 0.0, true, 3), Node("exit", 0.0, 0.0, true, 4)};
  j.edges = {Edge("web", "product", 0.5, 10), Edge("web", "exit", 0.5, 11),
             Edge("product", "checkout", 0.2, 12), Edge("product", "web", 0.3, 13),
             Edge("product", "exit", 0.5, 14)};
  return j;
}

std::string ErrorOf(const JourneyConfig& j, std::vector<NodeReference> starts = {}) {
  try {
    JourneyGraph g(j, starts);
  } catch (const ConfigError& e) {
    return std::to_string(e.where().line) + ": " + e.message();
  }
  return "no error";
}

TEST(Journey, ExactConversionMatchesHandSolution) {
  const JourneyGraph g(Chain(), {});
  // v_w = a + (1-a)(0.5 v_p); v_p = b + (1-b)(0.2 c + 0.3 v_w); v_c = c.
  const double a = 0.01, b = 0.05, c = 0.4;
  const double k = (1 - b) * 0.3;
  const double vp_const = b + (1 - b) * 0.2 * c;
  // v_w = a + (1-a) 0.5 (vp_const + k v_w)
  const double vw = (a + (1 - a) * 0.5 * vp_const) / (1 - (1 - a) * 0.5 * k);
  EXPECT_NEAR(g.ConversionProbability(0, 0.0), vw, 1e-12);
  EXPECT_NEAR(g.ConversionProbability(2, 0.0), c, 1e-12);
  double all[JourneyGraph::kMaxNodes];
  g.ConversionProbabilities(0.0, all);
  EXPECT_NEAR(all[1], vp_const + k * vw, 1e-12);
}

TEST(Journey, ExactConversionMatchesSimulatedSessions) {
  const JourneyGraph g(Chain(), {});
  Rng rng(11, StreamTag::kTest);
  const double shift = 0.7;
  const int n = 200000;
  int converted = 0;
  for (int i = 0; i < n; ++i) converted += g.Walk(0, shift, rng).converted_at >= 0 ? 1 : 0;
  const double p = g.ConversionProbability(0, shift);
  EXPECT_NEAR(static_cast<double>(converted) / n, p, 4.0 * std::sqrt(p * (1 - p) / n));
}

TEST(Journey, CacheGivesIdenticalValues) {
  const JourneyGraph g(Chain(), {});
  ConversionCache cache(g);
  for (double shift : {-1.0, 0.0, 0.3, 0.3}) {
    EXPECT_EQ(cache.Get(shift)[0], g.ConversionProbability(0, shift));
  }
}

TEST(Journey, WalkMemoGivesIdenticalSessions) {
  // Shifts repeat, change, start at the memo's initial key (+0.0) and include -0.0 (other bits).
  const JourneyGraph g(Chain(), {});
  NodeOddsMemo memo(g);
  Rng plain(5, StreamTag::kTest), memoised(5, StreamTag::kTest);
  for (double shift : {0.0, 0.0, 0.7, 0.7, -0.0, 1.5, 0.0, 0.7}) {
    for (int i = 0; i < 200; ++i) {
      const SessionOutcome a = g.Walk(0, shift, plain);
      const SessionOutcome b = g.Walk(0, shift, memoised, &memo);
      ASSERT_EQ(a.converted_at, b.converted_at);
      ASSERT_EQ(a.steps, b.steps);
      ASSERT_EQ(a.duration, b.duration);
    }
  }
  EXPECT_EQ(plain.counter(), memoised.counter());
}

TEST(Journey, RejectsDanglingEdge) {
  JourneyConfig j = Chain();
  j.edges.push_back(Edge("product", "cart", 0.0, 20));
  EXPECT_EQ(ErrorOf(j).substr(0, 3), "20:");
  EXPECT_NE(ErrorOf(j).find("unknown journey node 'cart'"), std::string::npos);
}

TEST(Journey, RejectsProbabilitiesNotSummingToOne) {
  JourneyConfig j = Chain();
  j.edges[0].prob = 0.4;
  EXPECT_NE(ErrorOf(j).find("1: out-edge probabilities of journey node 'web' sum to 0.9"),
            std::string::npos)
      << ErrorOf(j);
}

TEST(Journey, RejectsDeadEndUnreachableAndEndless) {
  JourneyConfig dead = Chain();
  dead.nodes.push_back(Node("lost", 0.0, 1.0, false, 5));
  EXPECT_NE(ErrorOf(dead).find("'lost' is a dead end"), std::string::npos) << ErrorOf(dead);

  JourneyConfig unreachable = Chain();
  unreachable.nodes.push_back(Node("island", 0.0, 0.0, true, 6));
  EXPECT_NE(ErrorOf(unreachable).find("6: journey node 'island' is unreachable"), std::string::npos)
      << ErrorOf(unreachable);
  // A landing node makes it reachable.
  EXPECT_EQ(ErrorOf(unreachable, {{"island", {}, "test"}}), "no error");

  JourneyConfig endless;
  endless.nodes = {Node("a", 0.0, 1.0, false, 1), Node("b", 0.0, 0.0, false, 2)};
  endless.edges = {Edge("a", "b", 1.0, 3), Edge("b", "a", 1.0, 4)};
  EXPECT_NE(ErrorOf(endless).find("can never end"), std::string::npos) << ErrorOf(endless);

  JourneyConfig leaking = Chain();
  leaking.edges.push_back(Edge("checkout", "web", 1.0, 30));
  EXPECT_NE(ErrorOf(leaking).find("30: journey node 'checkout' is absorbing"), std::string::npos)
      << ErrorOf(leaking);
}

TEST(Journey, RejectsDuplicateNodesAndMissingEntry) {
  JourneyConfig dup = Chain();
  dup.nodes.push_back(Node("web", 0.0, 0.0, true, 9));
  EXPECT_NE(ErrorOf(dup).find("9: journey node 'web' is declared twice"), std::string::npos);
  JourneyConfig no_entry = Chain();
  no_entry.nodes[0].entry_weight = 0.0;
  EXPECT_NE(ErrorOf(no_entry).find("no journey node has entry_weight > 0"), std::string::npos);
}

TEST(Journey, DefaultGraphIsValid) {
  EXPECT_EQ(ErrorOf(JourneyConfig::Default()), "no error");
}

}  // namespace
}  // namespace campsim
