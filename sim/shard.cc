#include "sim/shard.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/check.h"

namespace campsim {
namespace {

// Message events carry what their handlers need, so a handler never looks up the decision
// (a random access into three days of pending decisions): the tag holds the channel, plus
// kConverted on a visit that converts; a delivery's payload holds the unsubscribe and churn
// uniforms drawn at decision time, a converting visit's payload the revenue's bits.
constexpr std::uint16_t kChannelMask = 0xff;
constexpr std::uint16_t kConverted = 0x100;
static_assert(kMaxOwnedChannels <= kChannelMask + 1);

std::uint64_t PackUniforms(float unsubscribe, float churn) {
  return std::uint64_t{std::bit_cast<std::uint32_t>(unsubscribe)} << 32 |
         std::bit_cast<std::uint32_t>(churn);
}
float UnsubscribeUniform(std::uint64_t payload) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(payload >> 32));
}
float ChurnUniform(std::uint64_t payload) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(payload));
}

// The population keeps each user's organic stream position in 4 bytes. Passing 2^32 - 1
// draws (hundreds of millions of sessions for one user) would repeat draws: refused instead.
std::uint32_t OrganicPosition(UserId u, std::uint64_t counter) {
  if (counter > std::numeric_limits<std::uint32_t>::max()) {
    throw std::overflow_error("user " + std::to_string(u) +
                              " used up its organic random stream (2^32 draws): raise the "
                              "segment's visit_gap_days or shorten horizon_days");
  }
  return static_cast<std::uint32_t>(counter);
}

}  // namespace

Shard::Shard(const WorldModel& model, PopulationState& pop, std::uint64_t seed, int index,
             UserId begin, UserId end)
    : model_(model),
      pop_(pop),
      seed_(seed),
      index_(index),
      begin_(begin),
      end_(end),
      walk_memo_(model.journey()),
      metrics_(model.num_days(), model.sources()) {}

int Shard::Day(SimTime t) const {
  return static_cast<int>(std::min<SimTime>(t / kDay, model_.num_days() - 1));
}

double Shard::DrawRevenue(UserId u, Rng& rng) const {
  return model_.config().population.segments[pop_.segment[u]].DrawRevenue(rng);
}

void Shard::ScheduleInitial() {
  for (UserId u = begin_; u < end_; ++u) {
    Rng rng(seed_, StreamTag::kOrganic, u, 0, pop_.organic_draws[u]);
    const auto& seg = model_.config().population.segments[pop_.segment[u]];
    const auto first = static_cast<SimTime>(rng.Exponential(seg.visit_gap_days * kDay));
    pop_.organic_draws[u] = OrganicPosition(u, rng.counter());
    if (first < model_.horizon()) queue_.Push(first, EventKind::kWake, u);
  }
}

void Shard::AdvanceTo(SimTime t, double paid_shift) {
  Event e;
  while (queue_.PopBefore(t, e)) {
    ++events_processed_;
    switch (e.kind) {
      case EventKind::kWake: OnWake(e, paid_shift); break;
      case EventKind::kDelivery: OnDelivery(e); break;
      case EventKind::kOpen: OnOpen(e); break;
      case EventKind::kMessageVisit: OnMessageVisit(e); break;
      case EventKind::kPaidVisit: OnPaidVisit(e, paid_shift); break;
    }
  }
}

void Shard::RecordPurchase(UserId u, SimTime t, double revenue, int source) {
  const int day = Day(t);
  metrics_.Add(day, source, Metric::kConversions);
  metrics_.Add(day, source, Metric::kRevenue, revenue);
  const double n = pop_.purchases[u];
  pop_.order_value[u] = static_cast<float>((pop_.order_value[u] * n + revenue) / (n + 1.0));
  if (pop_.purchases[u] < 65535) ++pop_.purchases[u];
  pop_.last_purchase[u] = static_cast<std::int32_t>(t);
}

void Shard::OnWake(const Event& e, double paid_shift) {
  const UserId u = e.user;
  if (pop_.churned[u]) return;
  Rng rng(seed_, StreamTag::kOrganic, u, 0, pop_.organic_draws[u]);
  const auto& seg = model_.config().population.segments[pop_.segment[u]];
  const int organic = model_.organic_source();
  const double shift = model_.SessionShift(pop_, u, e.time, paid_shift);
  const bool lapsed = pop_.StageAt(u, e.time, model_.lapse()) == Stage::kLapsed;
  const int entry = model_.journey().DrawEntry(rng);
  const SessionOutcome outcome = model_.journey().Walk(entry, shift, rng, &walk_memo_);
  metrics_.Add(Day(e.time), organic, Metric::kVisits);
  pop_.last_visit[u] = static_cast<std::int32_t>(e.time);
  if (outcome.converted_at >= 0) RecordPurchase(u, e.time, DrawRevenue(u, rng), organic);
  if (rng.Bernoulli(seg.churn_per_session)) {
    pop_.churned[u] = 1;
    metrics_.Add(Day(e.time), organic, Metric::kChurned);
  } else {
    const double gap_days =
        seg.visit_gap_days * (lapsed ? model_.config().population.lapsed_visit_gap_multiplier : 1.0);
    const SimTime next = e.time + outcome.duration + 1 +
                         static_cast<SimTime>(rng.Exponential(gap_days * kDay));
    if (next < model_.horizon()) queue_.Push(next, EventKind::kWake, u);
  }
  pop_.organic_draws[u] = OrganicPosition(u, rng.counter());
}

void Shard::OnDelivery(const Event& e) {
  const int c = e.tag & kChannelMask;
  const OwnedChannel& ch = model_.owned()[c];
  const UserId u = e.user;
  CAMPSIM_CHECK_MSG(pop_.HasConsent(u, c), "a message was delivered without consent");
  const int day = Day(e.time);
  metrics_.Add(day, c, Metric::kDeliveries);
  const std::size_t k = static_cast<std::size_t>(u) * pop_.num_channels + c;
  const double fatigue = ch.LossReadsFatigue()
                             ? ch.DecayedFatigue(pop_.fatigue[k], pop_.last_contact[k], e.time)
                             : 0.0;
  if (UnsubscribeUniform(e.payload) < ch.UnsubscribeProbability(fatigue)) {
    pop_.consent[u] &= static_cast<std::uint8_t>(~(1U << c));
    metrics_.Add(day, c, Metric::kUnsubscribes);
  }
  if (!pop_.churned[u] && ChurnUniform(e.payload) < ch.ChurnProbability(fatigue)) {
    pop_.churned[u] = 1;
    metrics_.Add(day, c, Metric::kChurned);
  }
}

void Shard::OnOpen(const Event& e) {
  metrics_.Add(Day(e.time), e.tag & kChannelMask, Metric::kOpens);
}

void Shard::OnMessageVisit(const Event& e) {
  const int c = e.tag & kChannelMask;
  const UserId u = e.user;
  const int day = Day(e.time);
  metrics_.Add(day, c, Metric::kClicks);
  metrics_.Add(day, c, Metric::kVisits);
  pop_.last_click[u] = static_cast<std::int32_t>(e.time);
  pop_.last_visit[u] = static_cast<std::int32_t>(e.time);
  if (e.tag & kConverted) RecordPurchase(u, e.time, std::bit_cast<double>(e.payload), c);
}

void Shard::OnPaidVisit(const Event& e, double paid_shift) {
  const UserId u = e.user;
  const int paid = static_cast<int>(e.payload);
  if (pop_.churned[u]) return;  // impressions on users who left are wasted
  Rng rng(seed_, StreamTag::kPaidVisits, u, static_cast<std::uint64_t>(e.time) * 64 + paid);
  const double shift = model_.SessionShift(pop_, u, e.time, paid_shift);
  const SessionOutcome outcome =
      model_.journey().Walk(model_.paid_landing(paid), shift, rng, &walk_memo_);
  const int source = model_.paid_source(paid);
  metrics_.Add(Day(e.time), source, Metric::kVisits);
  pop_.last_visit[u] = static_cast<std::int32_t>(e.time);
  if (outcome.converted_at >= 0) RecordPurchase(u, e.time, DrawRevenue(u, rng), source);
}

void Shard::SchedulePaidVisits(int paid, int period, SimTime start, SimTime end,
                               double expected_visits_total) {
  if (expected_visits_total <= 0.0 || end <= start) return;
  const double share = static_cast<double>(end_ - begin_) / static_cast<double>(pop_.size);
  // The count and the visits' users and times come from separate streams, and the count's
  // sampler is monotone in its mean for a given stream: two budget policies on the same world
  // share their first min(n1, n2) visits of a channel and period (common random numbers).
  const auto key = static_cast<std::uint64_t>(period) * 128 + static_cast<std::uint64_t>(paid) * 2;
  Rng count_rng(seed_, StreamTag::kPaidSchedule, index_, key);
  Rng rng(seed_, StreamTag::kPaidSchedule, index_, key + 1);
  const std::uint64_t visits = count_rng.Poisson(expected_visits_total * share);
  for (std::uint64_t i = 0; i < visits; ++i) {
    const auto u = static_cast<UserId>(begin_ + rng.Below(end_ - begin_));
    const SimTime t = start + static_cast<SimTime>(rng.Below(static_cast<std::uint64_t>(end - start)));
    queue_.Push(t, EventKind::kPaidVisit, u, static_cast<std::uint64_t>(paid));
  }
}

Shard::Resolved Shard::Resolve(UserId u, SimTime t, int action, const SendOdds& odds, bool funded) {
  Resolved out;
  out.action = action;
  out.funded = funded;
  if (action == kNoSendAction) return out;
  const ActionSpec& spec = model_.problem().actions[action];
  const OwnedChannel& ch = model_.owned()[spec.channel];
  const std::size_t k = static_cast<std::size_t>(u) * pop_.num_channels + spec.channel;
  CAMPSIM_CHECK_MSG(pop_.HasConsent(u, spec.channel), "a send was applied without consent");
  // Not executed: the log keeps the agent's choice; the world's answer is zero reward.
  if (!funded) return out;
  // The odds were computed from the state before this send: it does not fatigue itself.
  pop_.fatigue[k] =
      static_cast<float>((pop_.last_contact[k] == kNever
                              ? 0.0
                              : ch.DecayedFatigue(pop_.fatigue[k], pop_.last_contact[k], t)) +
                         1.0);
  pop_.last_contact[k] = static_cast<std::int32_t>(t);
  const auto window = static_cast<std::uint16_t>(t / ch.cap_window());
  if (pop_.cap_window[k] != window) {
    pop_.cap_window[k] = window;
    pop_.cap_count[k] = 0;
  }
  ++pop_.cap_count[k];

  Rng rng(seed_, StreamTag::kMessageChain, u, static_cast<std::uint64_t>(t));
  const auto& params = ch.params();
  const SimTime latency =
      std::min<SimTime>(static_cast<SimTime>(rng.LogNormalMedian(
                            params.latency_median_minutes * kMinute, params.latency_sigma)),
                        ch.latency_max());
  out.opened = rng.Uniform() < odds.p_open;
  // The open delay is read only for an opened message, and the click only for an opened one
  // whose visit needs it: draws nothing reads are skipped, so the later ones keep their places.
  SimTime open_delay = 0;
  bool clicked = false;
  if (out.opened) {
    open_delay = static_cast<SimTime>(
        rng.TruncatedExponentialWithTail(ch.open_delay_mean_s(), ch.open_delay_tail()));
    if (params.visit_on_open) {
      rng.Skip(1);
    } else {
      clicked = rng.Uniform() < odds.p_click;
    }
  } else {
    rng.Skip(2);
  }
  if (ch.LosesNoOne()) {  // OnDelivery's comparisons are false for any uniform, 0 included
    rng.Skip(2);
    out.delivery_uniforms = PackUniforms(0.0F, 0.0F);
  } else {
    const auto u_unsubscribe = static_cast<float>(rng.Uniform());
    const auto u_churn = static_cast<float>(rng.Uniform());
    out.delivery_uniforms = PackUniforms(u_unsubscribe, u_churn);
  }
  out.visited = out.opened && (params.visit_on_open || clicked);
  if (out.visited) {
    const SessionOutcome session =
        model_.journey().Walk(model_.owned_landing(spec.channel), odds.shift, rng);
    out.converted = session.converted_at >= 0;
    if (out.converted)
      out.revenue = DrawRevenue(u, rng) * (1.0 - model_.config().messages[spec.message].discount);
  }
  out.cost = spec.cost;
  out.reward = model_.Reward(out.converted, out.revenue, out.cost);
  out.delivered = t + latency;
  out.opened_at = out.delivered + open_delay;
  return out;
}

void Shard::Record(UserId u, SimTime t, const Resolved& r, double expected, double oracle) {
  const int day = Day(t);
  metrics_.AddDecision(day, DecisionMetric::kDecisions);
  metrics_.AddDecision(day, DecisionMetric::kExpectedReward, expected);
  metrics_.AddDecision(day, DecisionMetric::kOracleReward, oracle);
  if (r.action != kNoSendAction && !r.funded) {
    metrics_.AddDecision(day, DecisionMetric::kRejected);
  } else if (r.action != kNoSendAction) {
    const int channel = model_.problem().actions[r.action].channel;
    metrics_.Add(day, channel, Metric::kSends);
    metrics_.Add(day, channel, Metric::kCost, r.cost);
    // Events at or after the horizon would never be processed: they are not queued.
    const auto tag = static_cast<std::uint16_t>(channel);
    if (r.delivered < model_.horizon()) {
      queue_.Push(r.delivered, EventKind::kDelivery, u, r.delivery_uniforms, tag);
    }
    if (r.opened && r.opened_at < model_.horizon())
      queue_.Push(r.opened_at, EventKind::kOpen, u, 0, tag);
    if (r.visited && r.opened_at < model_.horizon()) {
      queue_.Push(r.opened_at, EventKind::kMessageVisit, u,
                  r.converted ? std::bit_cast<std::uint64_t>(r.revenue) : 0,
                  r.converted ? tag | kConverted : tag);
    }
  }
  metrics_.AddDecision(day, DecisionMetric::kReward, r.reward);
}

}  // namespace campsim
