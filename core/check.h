// CAMPSIM_CHECK: invariant checks that stay on in release builds.
//
// Contract: a failed check throws campsim::InvariantError naming the condition, the file and
// line, and an optional message. Checks guard invariants of the world (budget never
// exceeded, consent never bypassed) and of programmer contracts; user input errors are
// reported by the config reader instead, never by a check.
#ifndef CAMPSIM_CORE_CHECK_H_
#define CAMPSIM_CORE_CHECK_H_

#include <stdexcept>
#include <string>

namespace campsim {

class InvariantError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] inline void FailCheck(const char* condition, const char* file, int line,
                                   const std::string& message) {
  std::string text = std::string("invariant violated: ") + condition + " at " + file + ":" +
                     std::to_string(line);
  if (!message.empty()) text += ": " + message;
  throw InvariantError(text);
}

}  // namespace campsim

#define CAMPSIM_CHECK(condition)                                         \
  do {                                                                   \
    if (!(condition)) ::campsim::FailCheck(#condition, __FILE__, __LINE__, ""); \
  } while (false)

#define CAMPSIM_CHECK_MSG(condition, message)                                  \
  do {                                                                         \
    if (!(condition)) ::campsim::FailCheck(#condition, __FILE__, __LINE__, (message)); \
  } while (false)

#endif  // CAMPSIM_CORE_CHECK_H_
