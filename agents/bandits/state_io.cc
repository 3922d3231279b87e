#include "agents/bandits/state_io.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace campsim {

namespace {
constexpr const char* kMagic = "campsim-agent-state v1";
}

StateWriter::StateWriter(const std::string& kind) : text_(std::string(kMagic) + " " + kind + "\n") {}

void StateWriter::Add(const std::string& name, const std::vector<double>& values) {
  text_ += name + " " + std::to_string(values.size());
  char buffer[40];
  for (double v : values) {
    std::snprintf(buffer, sizeof buffer, " %a", v);
    text_ += buffer;
  }
  text_ += "\n";
}

StateReader::StateReader(const std::string& text, const std::string& kind) {
  std::istringstream in(text);
  std::string header;
  std::getline(in, header);
  if (header != std::string(kMagic) + " " + kind) {
    throw std::invalid_argument("agent state: expected a '" + kind + "' checkpoint, got header '" +
                                header.substr(0, 60) + "'");
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string name, token;
    std::size_t count = 0;
    if (!(fields >> name >> count)) throw std::invalid_argument("agent state: malformed line");
    std::vector<double> values;
    values.reserve(std::min<std::size_t>(count, 1 << 20));  // the count is untrusted input
    while (fields >> token) {
      char* end = nullptr;
      const double v = std::strtod(token.c_str(), &end);
      if (end == token.c_str() || *end != '\0') {
        throw std::invalid_argument("agent state: '" + name + "' has a bad number '" + token + "'");
      }
      values.push_back(v);
    }
    if (values.size() != count) {
      throw std::invalid_argument("agent state: '" + name + "' is truncated");
    }
    arrays_[name] = std::move(values);
  }
}

void StateReader::Get(const std::string& name, std::vector<double>& values) const {
  const auto it = arrays_.find(name);
  if (it == arrays_.end()) throw std::invalid_argument("agent state: missing '" + name + "'");
  if (it->second.size() != values.size()) {
    throw std::invalid_argument("agent state: '" + name + "' has " + std::to_string(it->second.size()) +
                                " values, this agent needs " + std::to_string(values.size()));
  }
  values = it->second;
}

std::size_t StateReader::Size(const std::string& name) const {
  const auto it = arrays_.find(name);
  if (it == arrays_.end()) throw std::invalid_argument("agent state: missing '" + name + "'");
  return it->second.size();
}

double StateReader::Get(const std::string& name) const {
  std::vector<double> one(1);
  Get(name, one);
  return one[0];
}

}  // namespace campsim
