// Agent checkpoints as text: one `name count v1 v2 ...` line per array, values as C99 hex
// floats, so a saved state reloads bit for bit on any machine.
#ifndef CAMPSIM_AGENTS_BANDITS_STATE_IO_H_
#define CAMPSIM_AGENTS_BANDITS_STATE_IO_H_

#include <map>
#include <string>
#include <vector>

namespace campsim {

class StateWriter {
 public:
  explicit StateWriter(const std::string& kind);
  void Add(const std::string& name, const std::vector<double>& values);
  void Add(const std::string& name, double value) { Add(name, std::vector<double>{value}); }
  std::string str() const { return text_; }

 private:
  std::string text_;
};

class StateReader {
 public:
  // Throws std::invalid_argument when the text is not a checkpoint of `kind`.
  StateReader(const std::string& text, const std::string& kind);
  // Fills `values` (which must already have the expected size) or throws naming the field.
  void Get(const std::string& name, std::vector<double>& values) const;
  double Get(const std::string& name) const;
  // Number of values saved under `name`; throws when it is missing.
  std::size_t Size(const std::string& name) const;

 private:
  std::map<std::string, std::vector<double>> arrays_;
};

}  // namespace campsim

#endif  // CAMPSIM_AGENTS_BANDITS_STATE_IO_H_
