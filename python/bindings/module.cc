// The `campsim._campsim` extension: the C++ core behind `import campsim`.
#include "python/bindings/bindings.h"

#include "core/config.h"
#include "policies/feature_pipeline.h"
#include "policies/policy_bundle.h"
#include "scenarios/csv_reader.h"
#include "scenarios/run_folder.h"

PYBIND11_MODULE(_campsim, m) {
  namespace py = pybind11;
  m.doc() = "campsim's C++ core; use the `campsim` package, which wraps it.";
  // Errors carry the same messages as the command line.
  py::register_exception<campsim::ConfigError>(m, "ConfigError", PyExc_ValueError);
  py::register_exception<campsim::BundleError>(m, "BundleError", PyExc_ValueError);
  py::register_exception<campsim::CsvError>(m, "CsvError", PyExc_ValueError);
  py::register_exception<campsim::FeatureError>(m, "FeatureError", PyExc_ValueError);
  py::register_exception<campsim::OutputError>(m, "OutputError", PyExc_OSError);
  campsim::python::BindScenario(m);
  campsim::python::BindRun(m);
  campsim::python::BindEnv(m);
  campsim::python::BindAgents(m);
  campsim::python::BindEvaluation(m);
  campsim::python::BindTrain(m);
}
