// campsim.train: `campsim train SCENARIO --agent NAME` (scenarios/train.h), returning the
// files the train folder would hold and the evaluation.
#include <thread>

#include "python/bindings/bindings.h"
#include "scenarios/train.h"

namespace campsim::python {

void BindTrain(py::module_& m) {
  m.def(
      "train",
      [](Scenario& scenario, const std::string& agent, int episodes, int eval_seeds, int curve_seeds,
         int eval_every, int threads, const std::string& resume_checkpoint, const std::string& resume_curve,
         const std::string& resume_best) {
        TrainRequest request;
        request.agent = agent;
        request.training.episodes = episodes;
        request.eval_seeds = eval_seeds;
        request.training.validation_seeds = curve_seeds;
        request.training.eval_every = eval_every;
        request.training.threads = threads > 0 ? threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
        request.resume_checkpoint = resume_checkpoint;
        request.resume_curve = resume_curve;
        request.resume_best = resume_best;
        TrainOutcome outcome;
        try {
          py::gil_scoped_release release;
          outcome = TrainAgent(scenario.config, request);
        } catch (const TrainError& e) {
          throw py::value_error(e.what());
        }
        py::dict out;
        out["files"] = outcome.files;
        out["reference"] = outcome.reference;
        out["note"] = outcome.note;
        return out;
      },
      py::arg("scenario"), py::arg("agent"), py::arg("episodes"), py::arg("eval_seeds"),
      py::arg("curve_seeds"), py::arg("eval_every"), py::arg("threads"), py::arg("resume_checkpoint"),
      py::arg("resume_curve"), py::arg("resume_best"), "Train an RL agent on the scenario (as `campsim train`).");
}

}  // namespace campsim::python
