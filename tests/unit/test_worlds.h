// Small worlds built in code for the unit tests, so sim tests need no YAML.
#ifndef CAMPSIM_TESTS_UNIT_TEST_WORLDS_H_
#define CAMPSIM_TESTS_UNIT_TEST_WORLDS_H_

#include <memory>

#include "agents/baselines/message_baselines.h"
#include "sim/owned_channel.h"
#include "sim/paid_channel.h"
#include "sim/world_config.h"

namespace campsim::testing {

// uniform_random that always sends when a send is eligible.
inline UniformRandomParams SendsOnly() {
  UniformRandomParams p;
  p.include_no_send = false;
  return p;
}

// Two segments, email + push, one paid channel, two messages, 21 days, 600 users.
inline WorldConfig SmallWorld() {
  WorldConfig w;
  w.horizon_days = 21;
  w.population.size = 600;
  w.population.latent_dims = 2;
  SegmentConfig a;
  a.name = "a";
  a.share = 0.6;
  a.latent_mean = {0.5, -0.2};
  a.visit_gap_days = 5;
  SegmentConfig b;
  b.name = "b";
  b.share = 0.4;
  b.latent_mean = {-0.3, 0.8};
  b.discount_sensitivity = 2.0;
  b.consent = {{"push", 0.3}};
  w.population.segments = {a, b};
  w.owned_channels.emplace_back("email", std::make_unique<OwnedChannelParams>(OwnedChannelParams::Email()));
  w.owned_channels.emplace_back("push", std::make_unique<OwnedChannelParams>(OwnedChannelParams::Push()));
  PaidChannelParams search = PaidChannelParams::Search();
  search.max_impressions = 4000;
  search.half_saturation = 300;
  w.paid_channels.emplace_back("search", std::make_unique<PaidChannelParams>(search));
  MessageConfig news;
  news.name = "news";
  news.attributes = {1.0, 0.0};
  news.channels = {"email"};
  MessageConfig promo;
  promo.name = "promo";
  promo.attributes = {0.0, 1.0};
  promo.discount = 0.2;
  promo.channels = {"email", "push"};
  w.messages = {news, promo};
  w.budget.total = 2000;
  w.engine.shards = 3;
  return w;
}

}  // namespace campsim::testing

#endif  // CAMPSIM_TESTS_UNIT_TEST_WORLDS_H_
