// WorldModel: the immutable, validated model built from a WorldConfig — channels, journey,
// action catalogue, context features — and the pure functions of user state the simulator
// and the oracle share: eligibility, response probabilities, and the exact expected
// immediate reward of every action.
//
// Contract:
// - Construction validates every cross-reference and throws ConfigError located at the
//   offending YAML entry. A WorldModel never changes after construction, so shards share it.
// - ExpectedRewards(u, t) gives, for each action a, the exact expectation of the reward that
//   Shard::Resolve will attribute to a for user u decided at time t, given the state at t:
//   Resolve draws the realised outcome from the very probabilities (SendOdds) it computed
//   (the conversion by walking the journey whose exact solve ExpectedRewards uses).
#ifndef CAMPSIM_SIM_WORLD_MODEL_H_
#define CAMPSIM_SIM_WORLD_MODEL_H_

#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "policies/decisions.h"
#include "policies/feature_pipeline.h"
#include "sim/budget_ledger.h"
#include "sim/journey.h"
#include "sim/owned_channel.h"
#include "sim/paid_channel.h"
#include "sim/population.h"
#include "sim/world_config.h"

namespace campsim {

enum class RewardKind { kConversion, kRevenue, kRevenueMinusCost };

// Response probabilities of one user to one action at one time.
struct Response {
  double p_open = 0.0;
  double p_click = 0.0;      // given an open
  double p_visit = 0.0;      // the message starts a session
  double p_convert = 0.0;    // the session converts
  double shift = 0.0;        // the session's conversion logit shift
  double revenue_mean = 0.0; // expected revenue of a conversion, after the discount
};

// What a send's response chain is drawn from (Shard::Resolve): a Response's open and click
// probabilities and session shift, kept per batch row and action while the batch is open.
// Trivial, so that a RowArray of them is not zero-filled when it grows.
struct SendOdds {
  double p_open;
  double p_click;
  double shift;
};
static_assert(std::is_trivially_default_constructible_v<SendOdds>);

class WorldModel {
 public:
  explicit WorldModel(const WorldConfig& config);

  const WorldConfig& config() const { return config_; }
  const MessageProblem& problem() const { return problem_; }
  const std::vector<OwnedChannel>& owned() const { return owned_; }
  const std::vector<std::string>& paid_names() const { return paid_names_; }
  const std::vector<PaidChannelParams>& paid_params() const { return paid_params_; }
  const JourneyGraph& journey() const { return journey_; }
  // Metric sources: owned channels, paid channels, then "organic".
  const std::vector<std::string>& sources() const { return sources_; }
  int organic_source() const { return static_cast<int>(sources_.size()) - 1; }
  int paid_source(int p) const { return static_cast<int>(owned_.size()) + p; }
  // Budget lines: paid channels, then "owned".
  const std::vector<std::string>& budget_lines() const { return budget_lines_; }
  int paid_landing(int p) const { return paid_landing_[p]; }
  int owned_landing(int c) const { return owned_landing_[c]; }

  RewardKind reward_kind() const { return reward_kind_; }
  SimTime horizon() const { return horizon_; }
  SimTime window() const { return window_; }
  SimTime lapse() const { return lapse_; }
  SimTime period_length() const { return period_; }
  int num_periods() const { return num_periods_; }
  SimTime sync_length() const { return sync_; }
  SimTime decision_interval() const { return interval_; }
  SimTime first_decision() const { return first_decision_; }
  // The last scheduled decision time (its attribution window still fits in the horizon).
  SimTime last_decision() const;
  int num_days() const { return num_days_; }

  // Conversion logit shift of an organic or paid session of user u at t.
  double SessionShift(const PopulationState& pop, std::size_t u, SimTime t,
                      double paid_shift) const;
  // Whether each action may be taken for user u at t: out[a] is 1 or 0 for a < out.size().
  // No send always may; a send may when its channel may (consent, caps, budget: one check per
  // channel, since every message on a channel shares them).
  void EligibleActions(const PopulationState& pop, std::size_t u, SimTime t,
                       const BudgetLedger& ledger, std::span<std::uint8_t> out) const;
  // Expected reward of every action for user u at t (0 where not eligible), from its
  // Response: the open, click and visit probabilities, the session's shift, the revenue mean
  // and p_convert, the journey's exact conversion probability for that shift. `cache`
  // memoises journey solves (see ConversionCache); results are the same without it. Also
  // writes each eligible send's SendOdds to `odds` (out.size() long; the rest are left as they
  // are): Shard::Resolve draws the chosen send from them.
  void ExpectedRewards(const PopulationState& pop, std::size_t u, SimTime t, double paid_shift,
                       std::span<const std::uint8_t> eligible, std::span<double> out,
                       ConversionCache& cache, std::span<SendOdds> odds) const;
  // Reward of an outcome under the scenario's reward kind.
  double Reward(bool converted, double revenue, double cost) const;
  double ExpectedReward(const Response& r, int action) const;
  // The pipeline from raw inputs to context features (exported with every policy).
  const FeaturePipeline& feature_pipeline() const { return features_; }
  // The raw inputs of user u at t, in feature_pipeline().inputs() order; with `needed` (one
  // flag per input), only the flagged ones (the others are left as they are).
  void RawFeatures(const PopulationState& pop, std::size_t u, SimTime t, std::span<double> raw,
                   std::span<const std::uint8_t> needed = {}) const;
  // Writes the context features of each listed user at t into `out`, a row of
  // problem().num_features() floats per user: feature_pipeline() applied to RawFeatures()
  // (FeaturePipeline::TransformRows). With a subset (feature_pipeline().Subset()), only its
  // features, from its inputs only; the rest of `out` is left as it is.
  void Features(const PopulationState& pop, std::span<const UserId> users, SimTime t,
                std::span<float> out, const FeatureSubset* subset = nullptr) const;
  // Mean revenue of one conversion for user u before any discount.
  double RevenueMean(const PopulationState& pop, std::size_t u) const {
    return config_.population.segments[pop.segment[u]].revenue_mean;
  }

 private:
  bool ChannelEligible(const PopulationState& pop, std::size_t u, int channel, SimTime t,
                       const BudgetLedger& ledger) const;
  void BuildFeatures();
  // What the open probability of user u at t reads on one channel, shared by its messages.
  struct OpenInputs {
    double fatigue = 0.0;  // decayed to t; 0 when the open probability ignores it
    double recency = 0.0;  // OwnedChannel::OpenRecency
  };
  OpenInputs OpenInputsOf(const PopulationState& pop, std::size_t u, int channel, SimTime t) const;
  // What every message's response reads of user u at t, whatever the message.
  struct UserTerms {
    const SegmentConfig* segment = nullptr;
    double shift = 0.0;        // a message session's shift before the message's discount term
    double stage_shift = 0.0;  // added after it, when `staged`
    bool staged = false;       // a prospect or lapsed user (an active one adds nothing)
  };
  UserTerms UserTermsOf(const PopulationState& pop, std::size_t u, SimTime t,
                        double paid_shift) const;
  // An action's Response without p_convert (0), given its channel's OpenInputsOf().
  Response AppealWith(const PopulationState& pop, std::size_t u, int action,
                      const UserTerms& user, const OpenInputs& in) const;

  WorldConfig config_;
  std::vector<OwnedChannel> owned_;
  std::vector<std::string> paid_names_;
  std::vector<PaidChannelParams> paid_params_;
  std::vector<int> owned_landing_;
  std::vector<int> paid_landing_;
  JourneyGraph journey_;
  MessageProblem problem_;
  FeaturePipeline features_;
  std::vector<std::string> sources_;
  std::vector<std::string> budget_lines_;
  RewardKind reward_kind_ = RewardKind::kRevenue;
  SimTime horizon_, window_, lapse_, period_, sync_, interval_, first_decision_;
  int num_periods_ = 0;
  int num_days_ = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_SIM_WORLD_MODEL_H_
