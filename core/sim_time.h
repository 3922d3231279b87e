// Simulated time and identifiers shared by every layer.
//
// SimTime counts whole seconds from the start of a run (t = 0). Integer time keeps event
// ordering exact and runs bit-reproducible; there is no floating-point clock anywhere.
#ifndef CAMPSIM_CORE_SIM_TIME_H_
#define CAMPSIM_CORE_SIM_TIME_H_

#include <cstdint>

namespace campsim {

using SimTime = std::int64_t;  // seconds since the start of the run
using UserId = std::uint32_t;  // dense index into the population, 0..size-1
using DecisionId = std::uint64_t;

inline constexpr SimTime kSecond = 1;
inline constexpr SimTime kMinute = 60;
inline constexpr SimTime kHour = 3600;
inline constexpr SimTime kDay = 86400;

inline constexpr SimTime HoursToTime(double hours) {
  return static_cast<SimTime>(hours * static_cast<double>(kHour) + 0.5);
}
inline constexpr SimTime DaysToTime(double days) {
  return static_cast<SimTime>(days * static_cast<double>(kDay) + 0.5);
}
inline constexpr double TimeToDays(SimTime t) {
  return static_cast<double>(t) / static_cast<double>(kDay);
}
inline constexpr double TimeToHours(SimTime t) {
  return static_cast<double>(t) / static_cast<double>(kHour);
}

// A decision id is readable and unique: the decision time in the high 32 bits and the user
// in the low 32 bits. The world makes at most one decision per user per second.
inline constexpr DecisionId MakeDecisionId(SimTime time, UserId user) {
  return (static_cast<std::uint64_t>(time) << 32) | static_cast<std::uint64_t>(user);
}

}  // namespace campsim

#endif  // CAMPSIM_CORE_SIM_TIME_H_
