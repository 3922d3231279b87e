#include "sim/campaign_env.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <stdexcept>

#include "core/check.h"
#include "sim/media_curves.h"

namespace campsim {

CampaignEnv::CampaignEnv(const WorldConfig& config, std::uint64_t seed, int threads)
    : model_(config),
      seed_(seed),
      ledger_(ToMicros(config.budget.total), 1),
      pool_(std::make_unique<WorkerPool>(threads)),
      conversion_caches_(static_cast<std::size_t>(pool_->threads()), ConversionCache(model_.journey())) {}

const EnvStep& CampaignEnv::Reset() {
  const WorldConfig& config = model_.config();
  std::vector<double> consent_rates;
  for (const auto& ch : model_.owned()) consent_rates.push_back(ch.params().consent_rate);
  GeneratePopulation(config.population, model_.problem().channel_names, consent_rates, seed_, pop_,
                     pool_.get());
  ledger_ = BudgetLedger(ToMicros(config.budget.total),
                         static_cast<int>(model_.budget_lines().size()));
  paid_.clear();
  for (std::size_t p = 0; p < model_.paid_names().size(); ++p) {
    paid_.emplace_back(model_.paid_names()[p], model_.paid_params()[p]);
  }
  shards_.clear();
  const auto n = static_cast<std::uint64_t>(pop_.size);
  const auto count = static_cast<std::uint64_t>(config.engine.shards);
  for (std::uint64_t s = 0; s < count; ++s) {
    const auto begin = static_cast<UserId>(n * s / count);
    const auto end = static_cast<UserId>(n * (s + 1) / count);
    shards_.push_back(
        std::make_unique<Shard>(model_, pop_, seed_, static_cast<int>(s), begin, end));
  }
  pool_->Run(shards_.size(), [&](std::size_t s, int) { shards_[s]->ScheduleInitial(); });
  period_spend_.clear();
  budget_problem_.reset();
  now_ = 0;
  next_sync_ = model_.sync_length();
  next_period_ = 0;
  next_decision_ = model_.first_decision();
  period_ = 0;
  deciding_ = false;
  cursor_ = 0;
  paid_shift_ = 0.0;
  started_ = true;
  step_ = EnvStep{};
  step_.feedback.num_features = feedback_contexts_ ? model_.problem().num_features() : 0;
  pending_.Reset(step_.feedback.num_features);
  return Advance();
}

void CampaignEnv::set_feedback_contexts(bool keep) {
  if (awaiting_ != Awaiting::kNothing)
    throw std::logic_error("CampaignEnv::set_feedback_contexts: a run is in progress");
  feedback_contexts_ = keep;
}

void CampaignEnv::set_feedback_rows(bool keep) {
  if (awaiting_ != Awaiting::kNothing)
    throw std::logic_error("CampaignEnv::set_feedback_rows: a run is in progress");
  feedback_rows_ = keep;
}

void CampaignEnv::set_batch_features(std::optional<std::vector<int>> which) {
  if (awaiting_ != Awaiting::kNothing)
    throw std::logic_error("CampaignEnv::set_batch_features: a run is in progress");
  std::optional<FeatureSubset> subset;
  if (which) {
    try {
      subset = model_.feature_pipeline().Subset(std::move(*which));
    } catch (const FeatureError& e) {
      throw std::out_of_range(std::string("CampaignEnv::set_batch_features: ") + e.what());
    }
  }
  batch_features_ = std::move(subset);
}

const EnvStep& CampaignEnv::Step(const Decisions& decisions) {
  if (awaiting_ != Awaiting::kMessages) {
    throw std::logic_error("CampaignEnv::Step(Decisions): the last step was not a message batch");
  }
  const MessageBatch& batch = step_.messages;
  ValidateDecisions(batch, decisions, pool_.get());
  const std::size_t n = batch.size();
  // The ledger is charged in canonical order first (a refused send depends on every earlier
  // one); then the rows are resolved and each shard records its own (users ascend).
  funded_.assign(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    const int a = decisions.actions[i];
    if (a == kNoSendAction) continue;
    const std::int64_t cost = model_.owned()[model_.problem().actions[a].channel].cost_micros();
    if (ledger_.CanSend(cost)) {
      ledger_.ChargeSend(cost);
    } else {
      funded_[i] = 0;
    }
  }
  // Each row becomes a feedback row at its canonical position (this decision time's rows so
  // far, then this batch's); without feedback rows the shards only apply the decisions.
  FeedbackBatch* rows = feedback_rows_ ? &pending_.Append(batch.time, n, decision_users_) : nullptr;
  const std::size_t offset = rows != nullptr ? rows->size() - n : 0;
  const auto d = rows != nullptr ? static_cast<std::size_t>(rows->num_features) : 0;
  CAMPSIM_CHECK_MSG(d == 0 || rows->num_features == batch.num_features,
                    "feedback rows and the message batch differ in width");
  // If a shard throws, this batch's rows leave the pending feedback (unwritten rows must never
  // reach an agent); the run itself is then broken, as any world error leaves it (Reset()).
  struct DropRowsOnThrow {
    PendingFeedback& pending;
    SimTime time;
    std::size_t n;
    bool done;
    ~DropRowsOnThrow() {
      if (!done) pending.DropLast(time, n);
    }
  } guard{pending_, batch.time, n, rows == nullptr};
  // Every row's response, in blocks of rows on any thread (a batch of consecutive users often
  // lies in one shard, and this is most of the work), with its feedback row. Recording the
  // rows' metrics and events follows in row order, so each shard sees its users ascending:
  // whichever thread finishes a block records every block that is resolved and next in line,
  // while the other threads go on resolving. `recording` admits one recorder at a time and
  // orders one recorder's writes before the next's reads; the atomics are sequentially
  // consistent so that a recorder stepping down and a block finishing cannot miss each other.
  resolved_.resize(n);
  constexpr std::size_t kRowsPerTask = 1024;
  const std::size_t blocks = (n + kRowsPerTask - 1) / kRowsPerTask;
  std::vector<std::atomic<bool>> resolved_block(blocks);
  std::atomic<bool> recording{false};
  std::atomic<std::size_t> next_to_record{0};  // advanced only by the recorder
  auto block_end = [&](std::size_t block) { return std::min(n, (block + 1) * kRowsPerTask); };
  // Calls fn(row, user, shard) for every row of a block, users ascending.
  auto for_block_rows = [&](std::size_t block, auto&& fn) {
    const std::size_t begin = block * kRowsPerTask;
    const std::size_t end = block_end(block);
    auto shard = std::upper_bound(shards_.begin(), shards_.end(), batch.users[begin],
                                  [](UserId u, const auto& s) { return u < s->begin(); }) -
                 1;
    for (std::size_t i = begin; i < end; ++i) {
      const UserId u = batch.users[i];
      while (u >= (*shard)->end()) ++shard;
      fn(i, u, **shard);
    }
  };
  auto record = [&](std::size_t block) {
    for_block_rows(block, [&](std::size_t i, UserId u, Shard& shard) {
      const auto rewards = batch.ExpectedReward(i);
      const auto eligible = batch.Eligible(i);
      double best = 0.0;
      for (int k = 0; k < batch.num_actions; ++k) {
        if (eligible[k]) best = std::max(best, rewards[k]);
      }
      shard.Record(u, batch.time, resolved_[i], rewards[decisions.actions[i]], best);
    });
  };
  auto record_ready = [&] {
    auto ready = [&] {
      const std::size_t next = next_to_record;
      return next < blocks && resolved_block[next];
    };
    // A block resolved while this recorder holds the flag is either seen by its look after
    // stepping down or finds the flag free in its own resolver's exchange: unless a call
    // throws, every block is recorded before Run returns.
    while (!recording.exchange(true)) {
      while (ready()) record(next_to_record++);
      recording = false;
      if (!ready()) return;
    }
  };
  const auto k = static_cast<std::size_t>(batch.num_actions);
  pool_->Run(blocks, [&](std::size_t task, int) {
    for_block_rows(task, [&](std::size_t i, UserId u, Shard& shard) {
      const int a = decisions.actions[i];
      resolved_[i] = shard.Resolve(u, batch.time, a, odds_[i * k + static_cast<std::size_t>(a)],
                                   funded_[i] != 0);
      if (rows == nullptr) return;
      const std::size_t row = offset + i;
      rows->decision_ids[row] = batch.decision_ids[i];
      rows->users[row] = u;
      rows->times[row] = batch.time;
      rows->actions[row] = a;
      rows->propensities[row] = decisions.propensities[i];
      rows->rewards[row] = resolved_[i].reward;
      rows->costs[row] = resolved_[i].cost;
    });
    // The block's contexts in one copy (the batch's width is the feedback's, or 0).
    if (rows != nullptr) {
      const std::size_t begin = task * kRowsPerTask;
      const std::size_t end = block_end(task);
      std::copy(batch.contexts.begin() + static_cast<std::ptrdiff_t>(begin * d),
                batch.contexts.begin() + static_cast<std::ptrdiff_t>(end * d),
                rows->contexts.begin() + static_cast<std::ptrdiff_t>((offset + begin) * d));
    }
    resolved_block[task] = true;
    record_ready();
  });
  CAMPSIM_CHECK_MSG(next_to_record == blocks, "CampaignEnv::Step: a block was never recorded");
  guard.done = true;
  step_.feedback.Clear();
  return Advance();
}

const EnvStep& CampaignEnv::Step(const BudgetAction& action) {
  if (awaiting_ != Awaiting::kBudget) {
    throw std::logic_error("CampaignEnv::Step(BudgetAction): the last step was not a budget request");
  }
  const auto& lines = model_.budget_lines();
  if (action.spend.size() != lines.size()) {
    throw std::invalid_argument("budget action: expected " + std::to_string(lines.size()) +
                                " spend values (one per budget line), got " +
                                std::to_string(action.spend.size()));
  }
  std::vector<std::int64_t> requested;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const double x = action.spend[i];
    if (!(x >= 0.0) || !std::isfinite(x)) {
      throw std::invalid_argument("budget action: spend for line '" + lines[i] +
                                  "' must be a finite number >= 0, got " + std::to_string(x));
    }
    // Clip in doubles first: a request above what remains is scaled down anyway, and
    // clipping keeps huge requests from overflowing the integer ledger.
    requested.push_back(ToMicros(std::min(x, FromMicros(ledger_.remaining()))));
  }
  const auto granted = ledger_.StartPeriod(requested);
  std::vector<double> spend;
  for (auto g : granted) spend.push_back(FromMicros(g));
  period_spend_.push_back(spend);
  const SimTime start = now_;
  const SimTime end = std::min(start + model_.period_length(), model_.horizon());
  paid_shift_ = 0.0;
  const double n = static_cast<double>(pop_.size);
  for (std::size_t p = 0; p < paid_.size(); ++p) {
    const double impressions = paid_[p].StartPeriod(spend[p], static_cast<double>(start) / kDay);
    paid_shift_ += paid_[p].params().conversion_lift * impressions / n;
    const double visits = paid_[p].params().click_through_rate * impressions;
    for (auto& shard : shards_) shard->SchedulePaidVisits(static_cast<int>(p), period_, start, end, visits);
  }
  ++period_;
  next_period_ += model_.period_length();
  step_.feedback.Clear();
  return Advance();
}

const EnvStep& CampaignEnv::Advance() {
  CAMPSIM_CHECK_MSG(started_, "CampaignEnv: call Reset() first");
  awaiting_ = Awaiting::kNothing;
  const SimTime horizon = model_.horizon();
  while (true) {
    if (deciding_) {
      if (BuildMessageChunk()) {
        step_.kind = EnvStep::Kind::kMessages;
        step_.time = now_;
        awaiting_ = Awaiting::kMessages;
        return step_;
      }
      deciding_ = false;
      next_decision_ += model_.decision_interval();
    }
    // A world with nothing to send (no owned channel) asks for no message decisions.
    const bool decision_open =
        model_.problem().num_actions() > 1 && next_decision_ + model_.window() <= horizon;
    const bool period_open = period_ < model_.num_periods();
    SimTime t = std::min(next_sync_, horizon);
    if (period_open) t = std::min(t, next_period_);
    if (decision_open) t = std::min(t, next_decision_);
    AdvanceShards(t);
    now_ = t;
    if (t == next_sync_) {
      ReleaseFeedback(t);
      next_sync_ += model_.sync_length();
    }
    if (period_open && t == next_period_) {
      FillBudgetObservation(step_.budget);
      step_.kind = EnvStep::Kind::kBudget;
      step_.time = now_;
      awaiting_ = Awaiting::kBudget;
      return step_;
    }
    if (decision_open && t == next_decision_) {
      deciding_ = true;
      cursor_ = 0;
      decision_users_ = feedback_rows_ ? CountActiveUsers() : 0;  // sizes the pending rows
      continue;
    }
    if (t >= horizon) {
      ReleaseFeedback(horizon);
      step_.kind = EnvStep::Kind::kDone;
      step_.time = horizon;
      return step_;
    }
  }
}

std::size_t CampaignEnv::CountActiveUsers() {
  std::vector<std::size_t> counts(shards_.size());
  pool_->Run(shards_.size(), [&](std::size_t s, int) {
    counts[s] = static_cast<std::size_t>(std::count(pop_.churned.begin() + shards_[s]->begin(),
                                                    pop_.churned.begin() + shards_[s]->end(), 0));
  });
  std::size_t total = 0;
  for (const std::size_t c : counts) total += c;
  return total;
}

void CampaignEnv::AdvanceShards(SimTime t) {
  pool_->Run(shards_.size(), [&](std::size_t s, int) { shards_[s]->AdvanceTo(t, paid_shift_); });
}

void CampaignEnv::ReleaseFeedback(SimTime t) {
  FeedbackBatch& f = step_.feedback;
  f.now = t;
  f.sync_length = model_.sync_length();
  f.budget_total = FromMicros(ledger_.total());
  f.owned_spent = FromMicros(ledger_.line_spent(ledger_.owned_line()));
  f.decisions_end = model_.last_decision();
  pending_.Release(t, model_.window(), f, pool_.get());
}

bool CampaignEnv::BuildMessageChunk() {
  MessageBatch& batch = step_.messages;
  // The row arrays are RowArrays: resizing does not zero-fill them on this thread; the rows
  // below write every value, except the send odds of actions that are not eligible (never
  // read: Step resolves only the chosen action, which ValidateDecisions holds eligible).
  const auto& problem = model_.problem();
  const int d = problem.num_features();
  const int k = problem.num_actions();
  batch.time = now_;
  batch.num_features = d;
  batch.num_actions = k;
  const auto max_batch = static_cast<std::size_t>(model_.config().engine.max_batch);
  // The chunk's users: the next max_batch users that have not churned (counted first, so the
  // list is written without growing; the rows below write their own decision ids).
  std::size_t n = 0;
  UserId last = cursor_;
  for (; last < pop_.size && n < max_batch; ++last) n += pop_.churned[last] == 0 ? 1 : 0;
  batch.users.resize(n);
  std::size_t filled = 0;
  for (UserId u = cursor_; u < last; ++u) {
    if (pop_.churned[u] == 0) batch.users[filled++] = u;
  }
  cursor_ = last;
  batch.decision_ids.resize(n);
  batch.contexts.resize(n * d);
  batch.eligible.resize(n * k);
  batch.expected_reward.resize(n * k);
  odds_.resize(n * k);
  // Rows are independent pure functions of the state at now_: built in parallel, in place.
  constexpr std::size_t kRowsPerTask = 256;
  pool_->Run((n + kRowsPerTask - 1) / kRowsPerTask, [&](std::size_t task, int slot) {
    const std::size_t begin = task * kRowsPerTask;
    const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
    const std::span<float> contexts(batch.contexts.data() + begin * d, (end - begin) * d);
    if (batch_features_)
      std::fill(contexts.begin(), contexts.end(), std::numeric_limits<float>::quiet_NaN());
    model_.Features(pop_, std::span<const UserId>(batch.users.data() + begin, end - begin), now_,
                    contexts, batch_features_ ? &*batch_features_ : nullptr);
    for (std::size_t row = begin; row < end; ++row) {
      const UserId u = batch.users[row];
      batch.decision_ids[row] = MakeDecisionId(now_, u);
      model_.EligibleActions(pop_, u, now_, ledger_,
                             std::span<std::uint8_t>(batch.eligible.data() + row * k, k));
      model_.ExpectedRewards(pop_, u, now_, paid_shift_,
                             std::span<const std::uint8_t>(batch.eligible.data() + row * k, k),
                             std::span<double>(batch.expected_reward.data() + row * k, k),
                             conversion_caches_[static_cast<std::size_t>(slot)],
                             std::span<SendOdds>(odds_.data() + row * k, k));
    }
  });
  return n > 0;
}

const BudgetProblem& CampaignEnv::budget_problem() {
  CAMPSIM_CHECK_MSG(started_, "CampaignEnv: call Reset() first");
  if (!budget_problem_) budget_problem_ = std::make_unique<BudgetProblem>(MakeBudgetProblem(model_, pop_, seed_));
  return *budget_problem_;
}

BudgetObservation CampaignEnv::BudgetStatus() const {
  BudgetObservation obs;
  FillBudgetObservation(obs);
  return obs;
}

void CampaignEnv::FillBudgetObservation(BudgetObservation& obs) const {
  const auto& lines = model_.budget_lines();
  obs.period = period_;
  obs.num_periods = model_.num_periods();
  obs.time = now_;
  obs.total_budget = FromMicros(ledger_.total());
  obs.remaining_budget = FromMicros(ledger_.remaining());
  obs.lines = lines;
  obs.spend_to_date.assign(lines.size(), 0.0);
  obs.revenue_to_date.assign(lines.size(), 0.0);
  obs.adstock.assign(lines.size(), 0.0);
  const Metrics metrics = MergedMetrics();
  const std::size_t owned_line = lines.size() - 1;
  for (std::size_t i = 0; i < lines.size(); ++i) obs.spend_to_date[i] = FromMicros(ledger_.line_spent(static_cast<int>(i)));
  for (std::size_t p = 0; p < paid_.size(); ++p) {
    obs.revenue_to_date[p] = metrics.Total(model_.paid_source(static_cast<int>(p)), Metric::kRevenue);
    obs.adstock[p] = paid_[p].adstock();
  }
  for (std::size_t c = 0; c < model_.owned().size(); ++c) {
    obs.revenue_to_date[owned_line] += metrics.Total(static_cast<int>(c), Metric::kRevenue);
  }
}

Metrics CampaignEnv::MergedMetrics() const {
  Metrics merged(model_.num_days(), model_.sources());
  for (const auto& shard : shards_) merged.Merge(shard->metrics());
  return merged;
}

double CampaignEnv::progress() const {
  return static_cast<double>(now_) / static_cast<double>(model_.horizon());
}

std::uint64_t CampaignEnv::events_processed() const {
  std::uint64_t total = 0;
  for (const auto& shard : shards_) total += shard->events_processed();
  return total;
}

}  // namespace campsim
