// Scenarios from a YAML file, a YAML string or a dict; fields read and overridden by the same
// paths and checks as the YAML (`population.size`, `arms[1].name`).
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/config.h"
#include "python/bindings/bindings.h"
#include "scenarios/catalog.h"
#include "scenarios/registry.h"
#include "scenarios/runner.h"
#include "scenarios/yaml_reader.h"
#include "scenarios/yaml_writer.h"

namespace campsim::python {

namespace {

py::object NodeToPython(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      py::dict d;
      for (const auto& kv : node) d[py::str(kv.first.as<std::string>())] = NodeToPython(kv.second);
      return d;
    }
    case YAML::NodeType::Sequence: {
      py::list l;
      for (const auto& item : node) l.append(NodeToPython(item));
      return l;
    }
    case YAML::NodeType::Scalar: {
      const std::string s = node.Scalar();
      if (node.Tag() != "!") {  // unquoted: a number or a boolean when it reads as one
        long long i = 0;
        double x = 0.0;
        bool b = false;
        if (YAML::convert<long long>::decode(node, i)) return py::int_(i);
        if (YAML::convert<double>::decode(node, x)) return py::float_(x);
        if (s == "true" || s == "false") {
          YAML::convert<bool>::decode(node, b);
          return py::bool_(b);
        }
      }
      return py::str(s);
    }
    default:
      return py::none();
  }
}

YAML::Node PythonToNode(const py::handle& v) {
  if (v.is_none()) return YAML::Node(YAML::NodeType::Null);
  if (py::isinstance<py::bool_>(v)) return YAML::Node(v.cast<bool>() ? "true" : "false");
  if (py::isinstance<py::int_>(v)) return YAML::Node(v.cast<long long>());
  if (py::isinstance<py::float_>(v)) {
    const double x = v.cast<double>();
    if (!std::isfinite(x)) throw ConfigError(SourceLocation{}, "scenario values must be finite numbers");
    return YAML::Node(FormatNumber(x));
  }
  if (py::isinstance<py::str>(v)) return YAML::Node(v.cast<std::string>());
  if (py::isinstance<py::dict>(v)) {
    YAML::Node map(YAML::NodeType::Map);
    for (const auto& kv : v.cast<py::dict>()) map[py::str(kv.first).cast<std::string>()] = PythonToNode(kv.second);
    return map;
  }
  if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    YAML::Node seq(YAML::NodeType::Sequence);
    for (const auto& item : v) seq.push_back(PythonToNode(item));
    return seq;
  }
  throw py::type_error("scenario values must be dict, list, str, int, float, bool or None, not " +
                       py::str(py::type::of(v)).cast<std::string>());
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(SourceLocation{path, "", 0, 0}, "cannot read the scenario file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

py::object YamlToPython(const std::string& yaml_text, const std::string& path) {
  YAML::Node node = YAML::Load(yaml_text);
  if (path.empty()) return NodeToPython(node);
  // Walk a path like population.segments[0].share.
  std::string key;
  auto descend = [&](const std::string& part) {
    if (part.empty()) return;
    if (!node.IsMap() || !node[part]) throw py::key_error("no field '" + part + "' in the scenario at '" + path + "'");
    node = node[part];
  };
  for (std::size_t i = 0; i <= path.size(); ++i) {
    const char c = i < path.size() ? path[i] : '.';
    if (c == '.' || c == '[') {
      descend(key);
      key.clear();
      if (c == '[') {
        const std::size_t close = path.find(']', i);
        if (close == std::string::npos) throw py::key_error("unclosed [ in '" + path + "'");
        const std::size_t index = std::stoul(path.substr(i + 1, close - i - 1));
        if (!node.IsSequence() || index >= node.size()) {
          throw py::key_error("index " + std::to_string(index) + " out of range at '" + path + "'");
        }
        node = node[index];
        i = close;
      }
    } else {
      key += c;
    }
  }
  return NodeToPython(node);
}

std::string PythonToYaml(const py::handle& value, bool flow) {
  YAML::Emitter out;
  if (flow) out << YAML::Flow;
  out << PythonToNode(value);
  return out.c_str();
}

void Scenario::Reload() { config = ReadScenarioText(text, source, overrides, BuiltinRegistry()); }

void BindScenario(py::module_& m) {
  py::class_<Scenario>(m, "Scenario", "A scenario: the world and the arms to compare (see campsim.Scenario).")
      .def_static(
          "from_yaml",
          [](const std::string& text, const std::string& source) {
            Scenario s{text, source, {}, {}};
            s.Reload();
            return s;
          },
          py::arg("text"), py::arg("source") = "<string>", "A scenario from YAML text.")
      .def_static(
          "from_file",
          [](const std::string& path) {
            Scenario s{ReadText(path), path, {}, {}};
            s.Reload();
            return s;
          },
          py::arg("path"), "A scenario from a YAML file.")
      .def_static(
          "from_catalog",
          [](const std::string& name) {
            const auto entry = FindCatalogEntry(name);
            if (!entry) throw ConfigError(SourceLocation{name, "", 0, 0}, "no built-in scenario of that name");
            Scenario s{entry->text, "scenarios/catalog/" + entry->name + ".yaml", {}, {}};
            s.Reload();
            return s;
          },
          py::arg("name"), "A built-in scenario (campsim catalog).")
      .def_static(
          "from_dict",
          [](const py::dict& d) {
            Scenario s{PythonToYaml(d, false), "<dict>", {}, {}};
            s.Reload();
            return s;
          },
          py::arg("values"), "A scenario from a dict with the YAML's keys.")
      .def(
          "set",
          [](Scenario& s, const std::string& path, const py::handle& value) {
            s.overrides.push_back(path + "=" + PythonToYaml(value, true));
            try {
              s.Reload();
            } catch (...) {
              s.overrides.pop_back();
              s.Reload();
              throw;
            }
          },
          py::arg("path"), py::arg("value"), "Override a field (same paths and checks as --set).")
      .def("get", [](Scenario& s, const std::string& path) { return YamlToPython(WriteYaml(s.config), path); },
           py::arg("path"), "A field's resolved value (defaults included).")
      .def("to_dict", [](Scenario& s) { return YamlToPython(WriteYaml(s.config), ""); },
           "Every field, defaults included.")
      .def("to_yaml", [](Scenario& s) { return WriteYaml(s.config); },
           "The resolved YAML (what config.resolved.yaml holds).")
      .def("validate", [](const Scenario& s) { ValidateScenario(s.config, BuiltinRegistry()); },
           "Build the world and every agent without running; raises ConfigError like `campsim validate`.")
      .def_property_readonly("name", [](const Scenario& s) { return s.config.name; })
      .def_property_readonly("seed", [](const Scenario& s) { return s.config.seed; })
      .def_property_readonly("overrides", [](const Scenario& s) { return s.overrides; })
      .def_property_readonly("arm_names", [](const Scenario& s) {
        std::vector<std::string> names;
        for (const auto& a : s.config.arms) names.push_back(a.name);
        return names;
      });
}

}  // namespace campsim::python
