#include "sim/world_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

namespace campsim {

namespace {

std::vector<NodeReference> LandingReferences(const WorldConfig& config) {
  std::vector<NodeReference> refs;
  for (const auto& c : config.owned_channels) {
    refs.push_back({c.As<OwnedChannelParams>().landing_node, c.where,
                    "owned channel " + c.type + "'s landing_node"});
  }
  for (const auto& c : config.paid_channels) {
    refs.push_back({c.As<PaidChannelParams>().landing_node, c.where,
                    "paid channel " + c.type + "'s landing_node"});
  }
  return refs;
}

std::string NamesOrNone(const std::vector<std::string>& names) {
  return names.empty() ? "none" : JoinNames(names);
}

SimTime ToSeconds(double days) { return DaysToTime(days); }

}  // namespace

WorldModel::WorldModel(const WorldConfig& config)
    : config_(config), journey_(config.journey, LandingReferences(config)) {
  const auto& pop = config.population;
  std::set<std::string> seen;
  for (const auto& c : config.owned_channels) {
    if (!seen.insert(c.type).second) {
      throw ConfigError(c.where, "owned channel '" + c.type + "' is declared twice");
    }
    const auto& params = c.As<OwnedChannelParams>();
    owned_.emplace_back(c.type, params);
    owned_landing_.push_back(journey_.NodeIndex(params.landing_node));
  }
  for (const auto& c : config.paid_channels) {
    if (!seen.insert(c.type).second) {
      throw ConfigError(c.where, "channel '" + c.type + "' is declared twice");
    }
    paid_names_.push_back(c.type);
    paid_params_.push_back(c.As<PaidChannelParams>());
    paid_landing_.push_back(journey_.NodeIndex(paid_params_.back().landing_node));
  }
  std::vector<std::string> owned_names;
  for (const auto& ch : owned_) owned_names.push_back(ch.name());

  // Channel timing must fit the attribution window so every attributed outcome is observed.
  window_ = ToSeconds(config.reward.attribution_window_days);
  for (std::size_t c = 0; c < owned_.size(); ++c) {
    const SimTime chain = owned_[c].latency_max() + owned_[c].open_delay_max();
    if (chain >= window_) {
      throw ConfigError(config.owned_channels[c].where,
                        "owned channel " + owned_[c].name() +
                            ": latency_max_hours + open_delay_max_hours (" +
                            FormatNumber(TimeToHours(chain)) +
                            " h) must be shorter than reward.attribution_window_days (" +
                            FormatNumber(TimeToHours(window_)) + " h)");
    }
  }

  std::set<std::string> segment_names;
  for (const auto& seg : pop.segments) {
    if (!segment_names.insert(seg.name).second) {
      throw ConfigError(seg.where, "segment '" + seg.name + "' is declared twice");
    }
    for (const auto& [channel, rate] : seg.consent) {
      if (std::find(owned_names.begin(), owned_names.end(), channel) == owned_names.end()) {
        throw ConfigError(seg.where, "segment " + seg.name + ": consent names unknown owned "
                                         "channel '" + channel + "' (owned channels: " +
                                         NamesOrNone(owned_names) + ")");
      }
    }
  }

  problem_.actions.push_back(ActionSpec{"no_send", -1, -1, 0.0});
  std::set<std::string> message_names;
  for (const auto& m : config.messages) {
    if (!message_names.insert(m.name).second) {
      throw ConfigError(m.where, "message '" + m.name + "' is declared twice");
    }
    if (static_cast<std::int64_t>(m.attributes.size()) != pop.latent_dims) {
      throw ConfigError(m.where, "message " + m.name + ": attributes has " +
                                     std::to_string(m.attributes.size()) +
                                     " entries, population.latent_dims is " +
                                     std::to_string(pop.latent_dims));
    }
    for (const auto& ch : m.channels) {
      if (std::find(owned_names.begin(), owned_names.end(), ch) == owned_names.end()) {
        throw ConfigError(m.where, "message " + m.name + " names unknown owned channel '" + ch +
                                       "' (owned channels: " + NamesOrNone(owned_names) + ")");
      }
    }
    problem_.message_names.push_back(m.name);
  }
  for (std::size_t c = 0; c < owned_.size(); ++c) {
    for (std::size_t m = 0; m < config.messages.size(); ++m) {
      const auto& allowed = config.messages[m].channels;
      if (std::find(allowed.begin(), allowed.end(), owned_[c].name()) == allowed.end()) continue;
      problem_.actions.push_back(ActionSpec{owned_[c].name() + ":" + config.messages[m].name,
                                            static_cast<int>(c), static_cast<int>(m),
                                            FromMicros(owned_[c].cost_micros())});
    }
  }
  problem_.channel_names = owned_names;
  BuildFeatures();
  for (const auto& c : owned_names) problem_.action_feature_names.push_back("channel=" + c);
  for (std::int64_t k = 0; k < pop.latent_dims; ++k) {
    problem_.action_feature_names.push_back("attribute_" + std::to_string(k));
  }
  problem_.action_feature_names.push_back("discount");
  const std::size_t m = problem_.action_feature_names.size();
  problem_.action_features.assign(problem_.actions.size() * m, 0.0);
  for (std::size_t a = 1; a < problem_.actions.size(); ++a) {
    const ActionSpec& spec = problem_.actions[a];
    const MessageConfig& msg = config.messages[spec.message];
    double* row = problem_.action_features.data() + a * m;
    row[spec.channel] = 1.0;
    for (std::int64_t k = 0; k < pop.latent_dims; ++k) row[owned_names.size() + k] = msg.attributes[k];
    row[m - 1] = msg.discount;
  }

  sources_ = owned_names;
  for (const auto& p : paid_names_) sources_.push_back(p);
  sources_.push_back("organic");
  budget_lines_ = paid_names_;
  budget_lines_.push_back("owned");

  if (config.reward.kind == "conversion") reward_kind_ = RewardKind::kConversion;
  if (config.reward.kind == "revenue") reward_kind_ = RewardKind::kRevenue;
  if (config.reward.kind == "revenue_minus_cost") reward_kind_ = RewardKind::kRevenueMinusCost;

  horizon_ = ToSeconds(config.horizon_days);
  lapse_ = ToSeconds(pop.lapse_days);
  period_ = ToSeconds(config.budget.period_days);
  num_periods_ = static_cast<int>((horizon_ + period_ - 1) / period_);
  sync_ = HoursToTime(config.engine.sync_window_hours);
  interval_ = ToSeconds(config.schedule.every_days);
  first_decision_ = HoursToTime(config.schedule.hour);
  num_days_ = static_cast<int>((horizon_ + kDay - 1) / kDay);
  if (sync_ < 1 || period_ < 1 || interval_ < 1) {
    throw ConfigError(SourceLocation{}, "engine.sync_window_hours, budget.period_days and "
                                        "schedule.every_days must each be at least one second");
  }
  for (std::size_t c = 0; c < owned_.size(); ++c) {
    if (horizon_ / owned_[c].cap_window() >= 65535) {
      throw ConfigError(config.owned_channels[c].where,
                        "owned channel " + owned_[c].name() + ": the horizon spans 65535 or more "
                        "frequency-cap windows; make cap_window_days longer");
    }
  }
  if (config.engine.shards > pop.size) {
    throw ConfigError(SourceLocation{{}, "engine.shards", 0, 0},
                      "engine.shards (" + std::to_string(config.engine.shards) +
                          ") cannot exceed population.size (" + std::to_string(pop.size) + ")");
  }
}

SimTime WorldModel::last_decision() const {
  const SimTime last_allowed = horizon_ - window_;
  if (last_allowed < first_decision_) return first_decision_;
  return first_decision_ + (last_allowed - first_decision_) / interval_ * interval_;
}

void WorldModel::BuildFeatures() {
  using Op = FeatureStep::Op;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // log1p of a day count, clipped at 0; `never` days when it never happened.
  auto log_days = [](double never) {
    return std::vector<FeatureStep>{{Op::kFillMissing, never, 0.0}, {Op::kClip, 0.0, kInf}, {Op::kLog1p}};
  };
  FeaturePipeline& fp = features_;
  std::vector<std::string> segments;
  for (const auto& seg : config_.population.segments) segments.push_back(seg.name);
  const int segment = fp.AddInput({"segment", segments, "the user's segment"});
  for (std::size_t k = 0; k < segments.size(); ++k) {
    fp.AddOutput({"segment=" + segments[k], segment, {{Op::kOneHot, static_cast<double>(k)}}});
  }
  const int stage = fp.AddInput({"stage", {"prospect", "active", "lapsed", "churned"},
                                 "lifecycle stage at decision time (churned has no column)"});
  fp.AddOutput({"stage=prospect", stage, {{Op::kOneHot, 0.0}}});
  fp.AddOutput({"stage=active", stage, {{Op::kOneHot, 1.0}}});
  fp.AddOutput({"stage=lapsed", stage, {{Op::kOneHot, 2.0}}});
  for (std::int64_t k = 0; k < config_.population.latent_dims; ++k) {
    const std::string name = "affinity_" + std::to_string(k);
    fp.AddOutput({name, fp.AddInput({name, {}, "observed taste score " + std::to_string(k)}), {}});
  }
  fp.AddOutput({"log_days_since_purchase",
                fp.AddInput({"days_since_purchase", {}, "days since the last purchase; missing if none"}),
                log_days(0.0)});
  fp.AddOutput({"log_purchases", fp.AddInput({"purchases", {}, "number of purchases so far"}),
                {{Op::kLog1p}}});
  fp.AddOutput({"log_order_value", fp.AddInput({"order_value", {}, "mean order value, currency units"}),
                {{Op::kLog1p}}});
  fp.AddOutput({"tenure_years", fp.AddInput({"tenure_days", {}, "days since sign-up at decision time"}),
                {{Op::kDivide, 365.0}}});
  fp.AddOutput({"mobile", fp.AddInput({"mobile", {}, "1 if the user is mainly on mobile, else 0"}), {}});
  fp.AddOutput({"log_days_since_visit",
                fp.AddInput({"days_since_visit", {}, "days since the last site visit; missing if none"}),
                log_days(365.0)});
  for (const auto& ch : owned_) {
    const std::string c = ch.name();
    fp.AddOutput({"consent_" + c, fp.AddInput({"consent_" + c, {}, "1 if " + c + " consent is held"}), {}});
    fp.AddOutput({"fatigue_" + c,
                  fp.AddInput({"fatigue_" + c, {}, c + " fatigue (decayed count of recent sends); 0 if never sent"}),
                  {}});
    fp.AddOutput({"log_days_since_contact_" + c,
                  fp.AddInput({"days_since_contact_" + c, {}, "days since the last " + c + " send; missing if none"}),
                  log_days(365.0)});
  }
  for (const auto& out : fp.outputs()) problem_.feature_names.push_back(out.name);
}

void WorldModel::RawFeatures(const PopulationState& pop, std::size_t u, SimTime t,
                             std::span<double> raw, std::span<const std::uint8_t> needed) const {
  constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
  auto days_since = [t](std::int32_t when) {
    return when == kNever ? kMissing : TimeToDays(t - when);
  };
  std::size_t i = 0;
  // Computes input i (when needed) and moves on.
  auto put = [&](const auto& value) {
    if (needed.empty() || needed[i]) raw[i] = value();
    ++i;
  };
  put([&] { return static_cast<double>(pop.segment[u]); });
  put([&] { return static_cast<double>(pop.StageAt(u, t, lapse_)); });
  for (int k = 0; k < pop.latent_dims; ++k) {
    put([&] { return static_cast<double>(pop.affinity[u * pop.latent_dims + k]); });
  }
  put([&] { return days_since(pop.last_purchase[u]); });
  put([&] { return static_cast<double>(pop.purchases[u]); });
  put([&] { return static_cast<double>(pop.order_value[u]); });
  put([&] { return pop.tenure_days[u] + TimeToDays(t); });
  put([&] { return static_cast<double>(pop.mobile[u]); });
  put([&] { return days_since(pop.last_visit[u]); });
  for (std::size_t c = 0; c < owned_.size(); ++c) {
    const std::size_t k = u * pop.num_channels + c;
    put([&] { return pop.HasConsent(u, static_cast<int>(c)) ? 1.0 : 0.0; });
    put([&] {
      return pop.last_contact[k] == kNever
                 ? 0.0
                 : owned_[c].DecayedFatigue(pop.fatigue[k], pop.last_contact[k], t);
    });
    put([&] { return days_since(pop.last_contact[k]); });
  }
}

void WorldModel::Features(const PopulationState& pop, std::span<const UserId> users, SimTime t,
                          std::span<float> out, const FeatureSubset* subset) const {
  const std::size_t width = features_.num_inputs();
  thread_local std::vector<double> raw;  // the rows' inputs, row after row
  raw.resize(users.size() * width);
  const std::span<const std::uint8_t> needed = subset != nullptr
                                                   ? std::span<const std::uint8_t>(subset->inputs)
                                                   : std::span<const std::uint8_t>();
  for (std::size_t r = 0; r < users.size(); ++r) {
    RawFeatures(pop, users[r], t, std::span<double>(raw.data() + r * width, width), needed);
  }
  features_.TransformRows(raw, users.size(), out, subset);
}

double WorldModel::SessionShift(const PopulationState& pop, std::size_t u, SimTime t,
                                double paid_shift) const {
  const auto& seg = config_.population.segments[pop.segment[u]];
  double shift = seg.intent + paid_shift;
  switch (pop.StageAt(u, t, lapse_)) {
    case Stage::kProspect: shift += config_.population.prospect_intent; break;
    case Stage::kLapsed: shift += config_.population.lapsed_intent; break;
    default: break;
  }
  if (pop.last_click[u] != kNever && config_.journey.recent_click_boost != 0.0) {
    const double hours = TimeToHours(t - pop.last_click[u]);
    shift += config_.journey.recent_click_boost *
             std::exp2(-hours / config_.journey.recent_click_half_life_hours);
  }
  return shift;
}

void WorldModel::EligibleActions(const PopulationState& pop, std::size_t u, SimTime t,
                                 const BudgetLedger& ledger, std::span<std::uint8_t> out) const {
  constexpr std::uint8_t kUnchecked = 2;
  std::array<std::uint8_t, kMaxOwnedChannels> channel_ok;
  channel_ok.fill(kUnchecked);
  for (std::size_t a = 0; a < out.size(); ++a) {
    if (a == kNoSendAction) {
      out[a] = 1;
      continue;
    }
    const int c = problem_.actions[a].channel;
    std::uint8_t& ok = channel_ok[static_cast<std::size_t>(c)];
    if (ok == kUnchecked) ok = ChannelEligible(pop, u, c, t, ledger) ? 1 : 0;
    out[a] = ok;
  }
}

bool WorldModel::ChannelEligible(const PopulationState& pop, std::size_t u, int c, SimTime t,
                                 const BudgetLedger& ledger) const {
  if (pop.churned[u]) return false;
  if (!pop.HasConsent(u, c)) return false;
  const OwnedChannel& ch = owned_[c];
  const std::size_t k = u * pop.num_channels + c;
  if (pop.last_contact[k] != kNever && t - pop.last_contact[k] < ch.min_gap()) return false;
  const auto window = static_cast<std::uint16_t>(t / ch.cap_window());
  if (pop.cap_window[k] == window && pop.cap_count[k] >= ch.params().cap_max_sends) return false;
  return ledger.CanSend(ch.cost_micros());
}

WorldModel::UserTerms WorldModel::UserTermsOf(const PopulationState& pop, std::size_t u,
                                               SimTime t, double paid_shift) const {
  UserTerms user;
  user.segment = &config_.population.segments[pop.segment[u]];
  // A message session: the click itself is the recent contact, so it gets message_boost
  // instead of the decaying recent-click boost of organic sessions. AppealWith adds the
  // message's discount term and then the stage's, in that order.
  user.shift = user.segment->intent + paid_shift + config_.journey.message_boost;
  switch (pop.StageAt(u, t, lapse_)) {
    case Stage::kProspect:
      user.stage_shift = config_.population.prospect_intent;
      user.staged = true;
      break;
    case Stage::kLapsed:
      user.stage_shift = config_.population.lapsed_intent;
      user.staged = true;
      break;
    default: break;
  }
  return user;
}

WorldModel::OpenInputs WorldModel::OpenInputsOf(const PopulationState& pop, std::size_t u,
                                                int channel, SimTime t) const {
  const OwnedChannel& ch = owned_[channel];
  const std::size_t k = u * pop.num_channels + channel;
  OpenInputs in;
  in.fatigue = pop.last_contact[k] == kNever || !ch.OpenReadsFatigue()
                   ? 0.0
                   : ch.DecayedFatigue(pop.fatigue[k], pop.last_contact[k], t);
  const double days_since_visit =
      pop.last_visit[u] == kNever ? 1e6 : std::max(0.0, TimeToDays(t - pop.last_visit[u]));
  in.recency = ch.OpenRecency(days_since_visit);
  return in;
}

Response WorldModel::AppealWith(const PopulationState& pop, std::size_t u, int action,
                                const UserTerms& user, const OpenInputs& in) const {
  Response r;
  const ActionSpec& spec = problem_.actions[action];
  const OwnedChannel& ch = owned_[spec.channel];
  const MessageConfig& msg = config_.messages[spec.message];
  const SegmentConfig& seg = *user.segment;
  double affinity = 0.0;
  for (int k = 0; k < pop.latent_dims; ++k) {
    affinity += pop.latent[u * pop.latent_dims + k] * msg.attributes[k];
  }
  r.p_open = ch.OpenProbabilityAt(affinity, in.fatigue, in.recency);
  r.p_click = ch.ClickProbability(affinity, msg.discount, seg.discount_sensitivity);
  r.p_visit = ch.VisitProbability(r.p_open, r.p_click);
  r.shift = user.shift +
            config_.journey.discount_conversion_weight * msg.discount * seg.discount_sensitivity;
  if (user.staged) r.shift += user.stage_shift;
  r.revenue_mean = seg.revenue_mean * (1.0 - msg.discount);
  return r;
}

void WorldModel::ExpectedRewards(const PopulationState& pop, std::size_t u, SimTime t,
                                 double paid_shift, std::span<const std::uint8_t> eligible,
                                 std::span<double> out, ConversionCache& cache,
                                 std::span<SendOdds> odds) const {
  // Each action's Response and p_convert, with a channel's open inputs (decayed fatigue,
  // recency) computed once; the cache answers a repeated shift (messages without a discount
  // share one) from its last lookup.
  std::array<OpenInputs, kMaxOwnedChannels> inputs;
  std::uint32_t known = 0;
  const UserTerms user = UserTermsOf(pop, u, t, paid_shift);
  for (std::size_t a = 0; a < out.size(); ++a) {
    out[a] = 0.0;
    if (a == kNoSendAction || !eligible[a]) continue;
    const int action = static_cast<int>(a);
    const int channel = problem_.actions[a].channel;
    if (((known >> channel) & 1U) == 0) {
      inputs[static_cast<std::size_t>(channel)] = OpenInputsOf(pop, u, channel, t);
      known |= 1U << channel;
    }
    Response r = AppealWith(pop, u, action, user, inputs[static_cast<std::size_t>(channel)]);
    r.p_convert = cache.Get(r.shift)[owned_landing_[channel]];
    out[a] = ExpectedReward(r, action);
    odds[a] = SendOdds{r.p_open, r.p_click, r.shift};
  }
}

double WorldModel::Reward(bool converted, double revenue, double cost) const {
  switch (reward_kind_) {
    case RewardKind::kConversion: return converted ? 1.0 : 0.0;
    case RewardKind::kRevenue: return revenue;
    case RewardKind::kRevenueMinusCost: return revenue - cost;
  }
  return 0.0;
}

double WorldModel::ExpectedReward(const Response& r, int action) const {
  if (action == kNoSendAction) return 0.0;
  const double p = r.p_visit * r.p_convert;
  switch (reward_kind_) {
    case RewardKind::kConversion: return p;
    case RewardKind::kRevenue: return p * r.revenue_mean;
    case RewardKind::kRevenueMinusCost: return p * r.revenue_mean - problem_.actions[action].cost;
  }
  return 0.0;
}

}  // namespace campsim
