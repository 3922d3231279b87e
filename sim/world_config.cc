#include "sim/world_config.h"

namespace campsim {

void MessageConfig::Describe(ConfigVisitor& v) {
  v.Locate(where);
  v.Field("name", name, "Message name; actions are named <channel>:<message>.");
  v.Field("attributes", attributes,
          "Attribute vector (length population.latent_dims); appeal = latent preferences . "
          "attributes.");
  v.Field("discount", discount,
          "Discount offered (fraction of revenue given up); raises click and conversion.",
          InRange(0.0, 0.9));
  v.Field("channels", channels, "Owned channels this message may be sent on.");
  v.Require(!name.empty(), "every message needs a name");
  v.Require(!channels.empty(), "every message needs at least one channel");
}

void ScheduleConfig::Describe(ConfigVisitor& v) {
  v.Field("every_days", every_days, "Days between scheduled message decisions.",
          InRange(1.0 / 24.0, 365.0));
  v.Field("hour", hour, "Hour of the first scheduled decision (0-24).", InRange(0.0, 24.0));
}

void RewardConfig::Describe(ConfigVisitor& v) {
  v.Field("kind", kind, "What a message decision is rewarded with.",
          OneOf({"conversion", "revenue", "revenue_minus_cost"}));
  v.Field("attribution_window_days", attribution_window_days,
          "A decision's feedback matures this long after it; conversions its message causes "
          "inside the window are its reward.",
          InRange(1.0 / 24.0, 20000.0));
}

void BudgetConfig::Describe(ConfigVisitor& v) {
  v.Field("total", total, "Total budget over the horizon; spend never exceeds it.",
          InRange(0.0, 1e12));
  v.Field("period_days", period_days, "Length of a budget period (one budget decision each).",
          InRange(1.0 / 24.0, 20000.0));
}

void EngineConfig::Describe(ConfigVisitor& v) {
  v.Field("sync_window_hours", sync_window_hours,
          "Agents learn from matured feedback at these boundaries; shards run independently "
          "in between.",
          InRange(1.0 / 60.0, 480000.0));
  v.Field("shards", shards,
          "Logical shards of the population (fixed; results depend on it). Each runs its window "
          "on one thread; about 40,000 users a shard or fewer keep its state in the CPU's caches.",
          IntRange(1, 4096));
  v.Field("max_batch", max_batch,
          "Largest message batch handed to an agent at once. campsim's own agents give the same "
          "results whatever it is; the default keeps a batch's rows in the CPU's caches between "
          "building, scoring and applying them (bench/RESULTS.md, session 14).",
          IntRange(1, 1 << 24));
}

void WorldConfig::Describe(ConfigVisitor& v) {
  v.Field("horizon_days", horizon_days, "Length of the simulated campaign.",
          InRange(1.0, 20000.0));
  v.Struct("population", population, "Who the users are.");
  v.Components("owned_channels", ComponentListRef(owned_channels), "owned_channel",
               "Channels the brand sends on per user (email, push, sms, in_app).");
  v.Components("paid_channels", ComponentListRef(paid_channels), "paid_channel",
               "Bought media (social, search, display).");
  v.ListOf("messages", messages, "The message catalogue.");
  v.Struct("journey", journey, "Touchpoint graph of organic and message-driven sessions.");
  v.Struct("schedule", schedule, "When scheduled message decisions happen.");
  v.Struct("reward", reward, "How message decisions are rewarded.");
  v.Struct("budget", budget, "The money.");
  v.Struct("engine", engine, "Sync windows and shards.");
  v.Require(owned_channels.size() <= 8, "at most 8 owned channels");
  v.Require(reward.attribution_window_days < horizon_days,
            "reward.attribution_window_days must be shorter than horizon_days");
}

}  // namespace campsim
