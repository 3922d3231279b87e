#include "scenarios/reference_doc.h"

#include <deque>
#include <functional>
#include <sstream>

#include "scenarios/scenario_config.h"

namespace campsim {

namespace {

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

// Describes one struct as a table; nested structs and lists are queued as later sections.
class Table final : public ConfigVisitor {
 public:
  using Queue = std::deque<std::pair<std::string, std::function<void(ConfigVisitor&)>>>;
  Table(std::string path, std::ostringstream& out, Queue& queue)
      : path_(std::move(path)), out_(out), queue_(queue) {}

  void Field(std::string_view name, double& value, std::string_view help,
             const Check<double>& check) override {
    Row(name, "number", FormatNumber(value), check.describe, help);
  }
  void Field(std::string_view name, std::int64_t& value, std::string_view help,
             const Check<std::int64_t>& check) override {
    Row(name, "integer", std::to_string(value), check.describe, help);
  }
  void Field(std::string_view name, bool& value, std::string_view help) override {
    Row(name, "bool", value ? "true" : "false", "true or false", help);
  }
  void Field(std::string_view name, std::string& value, std::string_view help,
             const Check<std::string>& check) override {
    Row(name, "string", "\"" + value + "\"", check.describe, help);
  }
  void Field(std::string_view name, std::vector<double>& value, std::string_view help,
             const Check<std::vector<double>>& check) override {
    std::string text = "[";
    for (std::size_t i = 0; i < value.size(); ++i) text += (i ? ", " : "") + FormatNumber(value[i]);
    Row(name, "list of numbers", text + "]", check.describe, help);
  }
  void Field(std::string_view name, std::vector<std::string>& value, std::string_view help) override {
    std::string text = "[";
    for (std::size_t i = 0; i < value.size(); ++i) text += (i ? ", " : "") + value[i];
    Row(name, "list of names", text + "]", "names", help);
  }
  void Field(std::string_view name, std::map<std::string, double>& value, std::string_view help) override {
    std::string text = "{";
    bool first = true;
    for (const auto& [k, x] : value) {
      text += (first ? "" : ", ") + k + ": " + FormatNumber(x);
      first = false;
    }
    Row(name, "mapping name: number", text + "}", "names to numbers", help);
  }
  void Struct(std::string_view name, Describable& value, std::string_view help) override {
    const std::string path = Child(name);
    Row(name, "mapping", "", "see [" + path + "](#" + Anchor(path) + ")", help);
    auto copy = std::shared_ptr<Describable>(value.Clone());
    queue_.emplace_back(path, [copy](ConfigVisitor& v) { copy->Describe(v); });
  }
  void List(std::string_view name, ListRef& list, std::string_view help) override {
    const std::string path = Child(name) + "[]";
    Row(name, "list of mappings", std::to_string(list.size()) + " item(s)",
        "see [" + path + "](#" + Anchor(path) + ")", help);
    auto copy = std::shared_ptr<Describable>(list.prototype().Clone());
    queue_.emplace_back(path, [copy](ConfigVisitor& v) { copy->Describe(v); });
  }
  void Component(std::string_view name, ComponentConfig& value, std::string_view kind,
                 std::string_view help) override {
    Row(name, "component", "type: " + value.type,
        "a [" + std::string(kind) + "](#component-" + Anchor(std::string(kind)) + ")", help);
  }
  void Components(std::string_view name, ComponentListRef list, std::string_view kind,
                  std::string_view help) override {
    std::string types;
    for (const auto& c : list.items) types += (types.empty() ? "" : ", ") + c.type;
    Row(name, "list of components", "[" + types + "]",
        "[" + std::string(kind) + "](#component-" + Anchor(std::string(kind)) + ") entries", help);
  }
  void Require(bool, std::string_view) override {}
  void Locate(SourceLocation&) override {}

  static std::string Anchor(const std::string& text) {
    std::string out;
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') out += static_cast<char>(std::tolower(c));
      else if (c == ' ') out += '-';
    }
    return out;
  }

 private:
  std::string Child(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }
  void Row(std::string_view key, std::string_view type, const std::string& value,
           const std::string& valid, std::string_view help) {
    out_ << "| `" << key << "` | " << type << " | " << (value.empty() ? "" : "`" + Escape(value) + "`")
         << " | " << Escape(valid) << " | " << Escape(help) << " |\n";
  }

  std::string path_;
  std::ostringstream& out_;
  Queue& queue_;
};

void Header(std::ostringstream& out) {
  out << "| key | type | default | valid | description |\n";
  out << "|---|---|---|---|---|\n";
}

}  // namespace

std::string GenerateScenarioReference(const Registry& registry) {
  std::ostringstream out;
  out << "# Scenario reference\n\n"
      << "Generated by `campsim schema` from the code's field declarations; do not edit by hand.\n"
      << "A test fails when this file is stale: regenerate it with\n"
      << "`build/release/cli/campsim schema > docs/scenario-reference.md`.\n\n"
      << "A scenario is a YAML mapping. Unknown keys are errors. Values not given take the\n"
      << "defaults below; `campsim run --set path=value` overrides any of them.\n"
      << "Components are written `{type: <name>, params: {...}}`.\n\n";
  Table::Queue queue;
  ScenarioConfig scenario;
  out << "## Top level\n\n";
  Header(out);
  Table top("", out, queue);
  scenario.Describe(top);
  while (!queue.empty()) {
    auto [path, describe] = queue.front();
    queue.pop_front();
    out << "\n## " << path << "\n\n";
    Header(out);
    Table table(path, out, queue);
    describe(table);
  }
  for (const auto& kind : registry.Kinds()) {
    out << "\n## Component: " << kind << "\n\n";
    for (const auto* entry : registry.OfKind(kind)) {
      out << "### " << kind << " `" << entry->type << "`\n\n" << entry->summary << "\n\n";
      auto params = entry->make_params();
      std::ostringstream rows;
      Table::Queue nested;
      Table table(entry->type + ".params", rows, nested);
      params->Describe(table);
      if (rows.str().empty()) {
        out << "No params.\n\n";
        continue;
      }
      Header(out);
      out << rows.str() << "\n";
      while (!nested.empty()) {
        auto [path, describe] = nested.front();
        nested.pop_front();
        out << "#### " << path << "\n\n";
        Header(out);
        Table inner(path, out, nested);
        describe(inner);
        out << "\n";
      }
    }
  }
  return out.str();
}

}  // namespace campsim
