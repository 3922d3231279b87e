// Writing a run folder so that a crash never leaves half a result and nothing a user wrote
// is lost.
//
// Contract: every file is first written into a fresh temporary sibling folder, which is then
// renamed to `dir` in one step. If `dir` exists it is replaced only when `overwrite` is set
// (the old folder is moved aside first and removed only after the new one is in place);
// otherwise the call fails and changes nothing.
#ifndef CAMPSIM_SCENARIOS_RUN_FOLDER_H_
#define CAMPSIM_SCENARIOS_RUN_FOLDER_H_

#include <map>
#include <stdexcept>
#include <string>

namespace campsim {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// files: name -> content. Throws OutputError with the path and the reason.
void WriteRunFolder(const std::string& dir, const std::map<std::string, std::string>& files,
                    bool overwrite);
// Writes one file atomically (temporary name in the same folder, then rename).
void WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_RUN_FOLDER_H_
