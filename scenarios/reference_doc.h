// The generated scenario reference (docs/scenario-reference.md), produced by `campsim schema`
// from the same Describe() lists the reader uses, so it cannot drift from the code; a test
// fails when the committed file differs from this output.
#ifndef CAMPSIM_SCENARIOS_REFERENCE_DOC_H_
#define CAMPSIM_SCENARIOS_REFERENCE_DOC_H_

#include <string>

#include "scenarios/registry.h"

namespace campsim {

std::string GenerateScenarioReference(const Registry& registry);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_REFERENCE_DOC_H_
