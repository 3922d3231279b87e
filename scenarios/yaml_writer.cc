#include "scenarios/yaml_writer.h"

#include <yaml-cpp/yaml.h>

namespace campsim {

namespace {

class Writer final : public ConfigVisitor {
 public:
  explicit Writer(YAML::Emitter& out) : out_(out) {}

  void Field(std::string_view name, double& value, std::string_view, const Check<double>&) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << FormatNumber(value);
  }
  void Field(std::string_view name, std::int64_t& value, std::string_view,
             const Check<std::int64_t>&) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << value;
  }
  void Field(std::string_view name, bool& value, std::string_view) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::TrueFalseBool << value;
  }
  void Field(std::string_view name, std::string& value, std::string_view,
             const Check<std::string>&) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::DoubleQuoted << value;
  }
  void Field(std::string_view name, std::vector<double>& value, std::string_view,
             const Check<std::vector<double>>&) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (double x : value) out_ << FormatNumber(x);
    out_ << YAML::EndSeq;
  }
  void Field(std::string_view name, std::vector<std::string>& value, std::string_view) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& x : value) out_ << YAML::DoubleQuoted << x;
    out_ << YAML::EndSeq;
  }
  void Field(std::string_view name, std::map<std::string, double>& value, std::string_view) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [k, x] : value) out_ << YAML::Key << YAML::DoubleQuoted << k << YAML::Value << FormatNumber(x);
    out_ << YAML::EndMap;
  }
  void Struct(std::string_view name, Describable& value, std::string_view) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::BeginMap;
    value.Describe(*this);
    out_ << YAML::EndMap;
  }
  void List(std::string_view name, ListRef& list, std::string_view) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::BeginSeq;
    for (std::size_t i = 0; i < list.size(); ++i) {
      out_ << YAML::BeginMap;
      list.at(i).Describe(*this);
      out_ << YAML::EndMap;
    }
    out_ << YAML::EndSeq;
  }
  void Component(std::string_view name, ComponentConfig& value, std::string_view,
                 std::string_view) override {
    out_ << YAML::Key << std::string(name) << YAML::Value;
    WriteComponent(value);
  }
  void Components(std::string_view name, ComponentListRef list, std::string_view,
                  std::string_view) override {
    out_ << YAML::Key << std::string(name) << YAML::Value << YAML::BeginSeq;
    for (auto& c : list.items) WriteComponent(c);
    out_ << YAML::EndSeq;
  }
  void Require(bool, std::string_view) override {}
  void Locate(SourceLocation&) override {}

 private:
  void WriteComponent(ComponentConfig& c) {
    out_ << YAML::BeginMap << YAML::Key << "type" << YAML::Value << c.type;
    out_ << YAML::Key << "params" << YAML::Value << YAML::BeginMap;
    if (c.params) c.params->Describe(*this);
    out_ << YAML::EndMap << YAML::EndMap;
  }

  YAML::Emitter& out_;
};

}  // namespace

std::string WriteYaml(Describable& config) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  Writer writer(out);
  config.Describe(writer);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace campsim
