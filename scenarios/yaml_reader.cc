#include "scenarios/yaml_reader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace campsim {

std::string NearestName(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::vector<std::size_t> row(c.size() + 1);
    for (std::size_t j = 0; j <= c.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= name.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= c.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (name[i - 1] == c[j - 1] ? 0 : 1)});
        diagonal = up;
      }
    }
    if (row[c.size()] < best_distance) {
      best_distance = row[c.size()];
      best = c;
    }
  }
  return best;
}

namespace {

struct Override {
  std::string text;  // as given: path=value
  std::string path;  // normalised: a.b[0].c
};

const char* NodeTypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "nothing (null)";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Undefined: return "nothing";
  }
  return "?";
}

class Reader final : public ConfigVisitor {
 public:
  Reader(YAML::Node node, std::string path, const std::string& file,
         const std::vector<Override>& overrides, const Registry& registry)
      : node_(std::move(node)), path_(std::move(path)), file_(file), overrides_(overrides),
        registry_(registry) {}

  void Read(Describable& target) {
    if (!node_.IsMap()) Fail(node_, path_, std::string("expected a mapping, got ") + NodeTypeName(node_));
    target.Describe(*this);
    CheckUnknownKeys();
    if (!failed_requirement_.empty()) Fail(node_, path_, failed_requirement_);
  }

  void Field(std::string_view name, double& value, std::string_view,
             const Check<double>& check) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsScalar() || !YAML::convert<double>::decode(child, value)) {
      Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child));
    }
    if (!std::isfinite(value)) {
      Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child) +
                                   " (numbers must be finite)");
    }
    if (!check.ok(value)) Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child));
  }

  void Field(std::string_view name, std::int64_t& value, std::string_view,
             const Check<std::int64_t>& check) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    long long parsed = 0;
    if (!child.IsScalar() || !YAML::convert<long long>::decode(child, parsed)) {
      Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child));
    }
    value = parsed;
    if (!check.ok(value)) Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child));
  }

  void Field(std::string_view name, bool& value, std::string_view) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsScalar() || !YAML::convert<bool>::decode(child, value)) {
      Fail(child, Child(name), "expected true or false, got " + Show(child));
    }
  }

  void Field(std::string_view name, std::string& value, std::string_view,
             const Check<std::string>& check) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsScalar()) Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child));
    value = child.Scalar();
    if (!check.ok(value)) Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child));
  }

  void Field(std::string_view name, std::vector<double>& value, std::string_view,
             const Check<std::vector<double>>& check) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsSequence()) Fail(child, Child(name), "expected " + check.describe + ", got " + Show(child));
    std::vector<double> parsed;
    for (std::size_t i = 0; i < child.size(); ++i) {
      double x = 0.0;
      if (!child[i].IsScalar() || !YAML::convert<double>::decode(child[i], x) || !std::isfinite(x)) {
        Fail(child[i], Child(name) + "[" + std::to_string(i) + "]", "expected a number, got " + Show(child[i]));
      }
      parsed.push_back(x);
    }
    if (!check.ok(parsed)) Fail(child, Child(name), "expected " + check.describe);
    value = parsed;
  }

  void Field(std::string_view name, std::vector<std::string>& value, std::string_view) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsSequence()) Fail(child, Child(name), "expected a list of names, got " + Show(child));
    std::vector<std::string> parsed;
    for (std::size_t i = 0; i < child.size(); ++i) {
      if (!child[i].IsScalar()) {
        Fail(child[i], Child(name) + "[" + std::to_string(i) + "]", "expected a name, got " + Show(child[i]));
      }
      parsed.push_back(child[i].Scalar());
    }
    value = parsed;
  }

  void Field(std::string_view name, std::map<std::string, double>& value, std::string_view) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsMap()) Fail(child, Child(name), "expected a mapping of name: number, got " + Show(child));
    std::map<std::string, double> parsed;
    for (const auto& kv : child) {
      const std::string key = kv.first.as<std::string>();
      double x = 0.0;
      if (!kv.second.IsScalar() || !YAML::convert<double>::decode(kv.second, x) || !std::isfinite(x)) {
        Fail(kv.second, Child(name) + "." + key, "expected a number, got " + Show(kv.second));
      }
      parsed[key] = x;
    }
    value = parsed;
  }

  void Struct(std::string_view name, Describable& value, std::string_view) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    Reader(child, Child(name), file_, overrides_, registry_).Read(value);
  }

  void List(std::string_view name, ListRef& list, std::string_view) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsSequence()) Fail(child, Child(name), "expected a list, got " + Show(child));
    // A list in the file replaces the default list: every element starts from the element
    // type's defaults, never from the default list's entries.
    list.resize(0);
    list.resize(child.size());
    for (std::size_t i = 0; i < child.size(); ++i) {
      Reader(child[i], Child(name) + "[" + std::to_string(i) + "]", file_, overrides_, registry_)
          .Read(list.at(i));
    }
  }

  void Component(std::string_view name, ComponentConfig& value, std::string_view kind,
                 std::string_view) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    ReadComponent(child, Child(name), kind, value);
  }

  void Components(std::string_view name, ComponentListRef list, std::string_view kind,
                  std::string_view) override {
    YAML::Node child = Lookup(name);
    if (!child) return;
    if (!child.IsSequence()) Fail(child, Child(name), "expected a list of {type, params}, got " + Show(child));
    list.items.assign(child.size(), ComponentConfig{});
    for (std::size_t i = 0; i < child.size(); ++i) {
      ReadComponent(child[i], Child(name) + "[" + std::to_string(i) + "]", kind, list.items[i]);
    }
  }

  // Reported after the unknown-key check, so a misspelt key is named before its effects.
  void Require(bool ok, std::string_view message) override {
    if (!ok && failed_requirement_.empty()) failed_requirement_ = std::string(message);
  }

  void Locate(SourceLocation& where) override { where = Where(node_, path_); }

 private:
  void CheckUnknownKeys() const {
    std::vector<std::string> valid(seen_.begin(), seen_.end());
    for (const auto& kv : node_) {
      const std::string key = kv.first.as<std::string>();
      if (seen_.count(key)) continue;
      const std::string near = NearestName(key, valid);
      std::vector<std::string> sorted = valid;
      std::sort(sorted.begin(), sorted.end());
      Fail(kv.first, Child(key),
           "unknown key '" + key + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
               " (valid keys here: " + JoinNames(sorted) + ")");
    }
  }

  std::string Child(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }

  YAML::Node Lookup(std::string_view name) {
    seen_.insert(std::string(name));
    const YAML::Node& map = node_;
    YAML::Node child = map[std::string(name)];
    if (!child.IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
    return child;
  }

  static std::string Show(const YAML::Node& node) {
    if (node.IsScalar()) return "'" + node.Scalar() + "'";
    return NodeTypeName(node);
  }

  SourceLocation Where(const YAML::Node& node, const std::string& path) const {
    SourceLocation where;
    where.path = path;
    // Values set by --set carry marks of their own little document: name the override.
    for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
      if (path == it->path || path.rfind(it->path + ".", 0) == 0 ||
          path.rfind(it->path + "[", 0) == 0) {
        where.file = "--set " + it->text;
        return where;
      }
    }
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) {
      where.file = file_;
      where.line = mark.line + 1;
      where.column = mark.column + 1;
      return where;
    }
    where.file = file_;
    return where;
  }

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& path, const std::string& message) const {
    throw ConfigError(Where(node, path), message);
  }

  void ReadComponent(const YAML::Node& node, const std::string& path, std::string_view kind,
                     ComponentConfig& out) {
    if (!node.IsMap()) Fail(node, path, "expected {type: <name>, params: {...}}, got " + Show(node));
    std::vector<std::string> types;
    for (const auto* e : registry_.OfKind(kind)) types.push_back(e->type);
    const YAML::Node type = node["type"];
    if (!type.IsDefined() || !type.IsScalar()) {
      Fail(node, path, "missing 'type' (one of: " + JoinNames(types) + ")");
    }
    const Registry::Entry* entry = registry_.Find(kind, type.Scalar());
    if (entry == nullptr) {
      const std::string near = NearestName(type.Scalar(), types);
      Fail(type, path + ".type",
           "unknown " + std::string(kind) + " type '" + type.Scalar() + "'" +
               (near.empty() ? "" : "; did you mean '" + near + "'?") + " (registered: " +
               JoinNames(types) + ")");
    }
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      if (key != "type" && key != "params") {
        Fail(kv.first, path + "." + key,
             "unknown key '" + key + "' in a component (valid keys here: params, type)");
      }
    }
    out.type = type.Scalar();
    out.params = entry->make_params();
    out.where = Where(node, path);
    const YAML::Node params = node["params"];
    if (params.IsDefined() && !params.IsNull()) {
      Reader(params, path + ".params", file_, overrides_, registry_).Read(*out.params);
    } else {
      // Still run the params' own checks on the defaults.
      YAML::Node empty(YAML::NodeType::Map);
      Reader(empty, path + ".params", file_, overrides_, registry_).Read(*out.params);
    }
  }

  YAML::Node node_;
  std::string path_;
  const std::string& file_;
  const std::vector<Override>& overrides_;
  const Registry& registry_;
  std::set<std::string> seen_;
  std::string failed_requirement_;
};

// Splits "a.b[2].c" into steps: names and indices.
struct Step {
  std::string key;
  long index = -1;
};

std::vector<Step> ParsePath(const std::string& path, const std::string& text) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos) {
        throw ConfigError(SourceLocation{"--set " + text, path, 0, 0}, "unclosed '[' in the path");
      }
      try {
        steps.push_back({"", std::stol(path.substr(i + 1, close - i - 1))});
      } catch (const std::exception&) {
        throw ConfigError(SourceLocation{"--set " + text, path, 0, 0},
                          "list index must be a whole number, as in segments[0]");
      }
      i = close + 1;
      continue;
    }
    std::size_t end = path.find_first_of(".[", i);
    if (end == std::string::npos) end = path.size();
    steps.push_back({path.substr(i, end - i), -1});
    i = end;
  }
  if (steps.empty()) {
    throw ConfigError(SourceLocation{"--set " + text, "", 0, 0}, "empty path; use path=value");
  }
  return steps;
}

void ApplyOverride(YAML::Node root, const Override& o, const std::string& value_text) {
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(SourceLocation{"--set " + o.text, o.path, 0, 0},
                      "the value is not valid YAML: " + e.msg);
  }
  const auto steps = ParsePath(o.path, o.text);
  YAML::Node node = root;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const bool last = s + 1 == steps.size();
    if (steps[s].index >= 0) {
      if (!node.IsSequence() || steps[s].index >= static_cast<long>(node.size())) {
        throw ConfigError(SourceLocation{"--set " + o.text, o.path, 0, 0},
                          "index [" + std::to_string(steps[s].index) +
                              "] is outside the list in the scenario");
      }
      if (last) {
        node[static_cast<std::size_t>(steps[s].index)] = value;
        return;
      }
      node.reset(node[static_cast<std::size_t>(steps[s].index)]);
    } else {
      if (node.IsDefined() && !node.IsMap() && !node.IsNull()) {
        throw ConfigError(SourceLocation{"--set " + o.text, o.path, 0, 0},
                          "'" + steps[s].key + "' is set inside something that is not a mapping");
      }
      if (last) {
        node[steps[s].key] = value;
        return;
      }
      YAML::Node next = node[steps[s].key];
      node.reset(next);
    }
  }
}

}  // namespace

ScenarioConfig ReadScenarioText(const std::string& text, const std::string& file,
                                const std::vector<std::string>& overrides,
                                const Registry& registry) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLocation where{file, "", e.mark.is_null() ? 0 : e.mark.line + 1,
                         e.mark.is_null() ? 0 : e.mark.column + 1};
    throw ConfigError(where, "not valid YAML: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) {
    throw ConfigError(SourceLocation{file, "", 0, 0},
                      "the scenario is empty; a scenario is a YAML mapping such as "
                      "scenarios/catalog/tiny.yaml (keys: docs/scenario-reference.md)");
  }
  if (!root.IsMap()) {
    const YAML::Mark m = root.Mark();
    throw ConfigError(SourceLocation{file, "", m.is_null() ? 0 : m.line + 1, m.is_null() ? 0 : m.column + 1},
                      "a scenario must be a YAML mapping of keys to values, not " +
                          std::string(NodeTypeName(root)));
  }
  std::vector<Override> parsed;
  for (const auto& text_override : overrides) {
    const std::size_t eq = text_override.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError(SourceLocation{"--set " + text_override, "", 0, 0},
                        "expected path=value, as in population.size=1000");
    }
    parsed.push_back({text_override, text_override.substr(0, eq)});
    ApplyOverride(root, parsed.back(), text_override.substr(eq + 1));
  }
  ScenarioConfig config;
  try {
    Reader(root, "", file, parsed, registry).Read(config);
  } catch (const YAML::Exception& e) {
    throw ConfigError(SourceLocation{file, "", e.mark.is_null() ? 0 : e.mark.line + 1,
                                     e.mark.is_null() ? 0 : e.mark.column + 1},
                      "unreadable YAML structure: " + e.msg);
  }
  return config;
}

ScenarioConfig ReadScenarioFile(const std::string& path, const std::vector<std::string>& overrides,
                                const Registry& registry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(SourceLocation{path, "", 0, 0}, "cannot open the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ReadScenarioText(buffer.str(), path, overrides, registry);
}

}  // namespace campsim
