// Writing a resolved configuration back as YAML (config.resolved.yaml in every run folder).
//
// Contract: every field is written, defaults included, in Describe() order; numbers use the
// shortest text that reads back to the same double; reading the output gives back an equal
// configuration, so a run folder's config reproduces the run.
#ifndef CAMPSIM_SCENARIOS_YAML_WRITER_H_
#define CAMPSIM_SCENARIOS_YAML_WRITER_H_

#include <string>

#include "core/config.h"

namespace campsim {

std::string WriteYaml(Describable& config);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_YAML_WRITER_H_
