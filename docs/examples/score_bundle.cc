// A decision service's view of campsim: load a policy bundle and score raw inputs, linking
// only campsim_policies (standard library + nlohmann-json). Build it next to your service with
//
//   g++ -std=c++20 -O2 -I<campsim> score_bundle.cc <campsim>/build/release/policies/libcampsim_policies.a
//
// and run it as `score_bundle POLICY.json decision_id input=value ...`; inputs not given are
// missing (the bundle's fill_missing steps apply); categorical values are category names.
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "policies/policy_bundle.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: score_bundle POLICY.json DECISION_ID [input=value ...]\n";
    return 2;
  }
  try {
    const campsim::PolicyBundle bundle = campsim::LoadPolicyBundle(argv[1]);
    const campsim::FeaturePipeline& features = bundle.features;
    // One raw row in the bundle's input order; NaN means missing.
    std::vector<double> raw(features.num_inputs(), std::numeric_limits<double>::quiet_NaN());
    for (int i = 3; i < argc; ++i) {
      const std::string arg = argv[i];
      const auto eq = arg.find('=');
      const int input = features.InputIndex(arg.substr(0, eq));
      if (eq == std::string::npos || input < 0) {
        std::cerr << "unknown input '" << arg << "'\n";
        return 2;
      }
      const std::string value = arg.substr(eq + 1);
      raw[input] = features.inputs()[input].categorical() ? features.Category(input, value) : std::stod(value);
      if (raw[input] < 0 && features.inputs()[input].categorical()) {
        std::cerr << "'" << value << "' is not a category of " << features.inputs()[input].name << "\n";
        return 2;
      }
    }
    std::vector<std::uint8_t> eligible(bundle.actions.size(), 1);  // your service's consent and caps
    std::vector<double> pmf(bundle.actions.size());
    bundle.Pmf(raw, eligible, pmf);
    const campsim::Decision d = bundle.Decide(raw, eligible, std::strtoull(argv[2], nullptr, 10));
    std::cout << "action " << bundle.actions[d.action].name << " propensity " << d.propensity << "\n";
    for (std::size_t a = 0; a < pmf.size(); ++a) std::cout << "  " << bundle.actions[a].name << " " << pmf[a] << "\n";
  } catch (const std::exception& e) {  // BundleError, FeatureError: the message says what is wrong
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 0;
}
