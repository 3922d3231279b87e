// Shared pieces of the pybind11 bindings (one file per component; module.cc assembles them).
#ifndef CAMPSIM_PYTHON_BINDINGS_BINDINGS_H_
#define CAMPSIM_PYTHON_BINDINGS_BINDINGS_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <vector>

#include "scenarios/scenario_config.h"

namespace campsim::python {

namespace py = pybind11;

// A scenario as Python holds it: the YAML text it came from, the overrides applied since,
// and the config they give (re-read on every change, so every check the YAML reader makes
// applies to Python edits too).
struct Scenario {
  std::string text;
  std::string source;  // file name in error messages
  std::vector<std::string> overrides;
  ScenarioConfig config;

  void Reload();  // config from text + overrides; throws ConfigError
};

// A vector moved into a numpy array that owns it (zero-copy; the array keeps it alive).
template <typename T>
py::array_t<T> OwnedArray(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
  auto* holder = new std::vector<T>(std::move(values));
  py::capsule owner(holder, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(shape, holder->data(), owner);
}

// A copy of `n` values as a numpy array of the given shape.
template <typename T>
py::array_t<T> CopiedArray(const T* data, std::vector<py::ssize_t> shape) {
  py::array_t<T> out(shape);
  std::size_t n = 1;
  for (auto s : shape) n *= static_cast<std::size_t>(s);
  if (n > 0) std::copy(data, data + n, out.mutable_data());
  return out;
}

// YAML text <-> Python values (dict, list, str, int, float, bool, None).
py::object YamlToPython(const std::string& yaml_text, const std::string& path);
std::string PythonToYaml(const py::handle& value, bool flow);

void BindScenario(py::module_& m);
void BindRun(py::module_& m);
void BindEnv(py::module_& m);
void BindAgents(py::module_& m);
void BindEvaluation(py::module_& m);
void BindTrain(py::module_& m);

}  // namespace campsim::python

#endif  // CAMPSIM_PYTHON_BINDINGS_BINDINGS_H_
