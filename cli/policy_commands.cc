// campsim export and score: policy bundles out of run folders, and scoring raw rows with one.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "policies/explore.h"
#include "policies/policy_bundle.h"
#include "scenarios/csv_reader.h"
#include "scenarios/offline_evaluate.h"
#include "scenarios/onnx_export.h"
#include "scenarios/policy_export.h"
#include "scenarios/registry.h"
#include "scenarios/run_folder.h"

namespace campsim::cli {

namespace {

namespace fs = std::filesystem;

// The arms of a run folder that have a checkpoint.
std::vector<std::string> CheckpointedArms(const fs::path& dir) {
  std::vector<std::string> arms;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("checkpoint_", 0) == 0 && name.size() > 15 && name.ends_with(".txt")) {
      arms.push_back(name.substr(11, name.size() - 15));
    }
  }
  std::sort(arms.begin(), arms.end());
  return arms;
}

std::string Join(const std::vector<std::string>& names) {
  return names.empty() ? "none" : JoinNames(names);
}

std::string Number17(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

}  // namespace

int Export(const std::vector<std::string>& args) {
  po::options_description options("campsim export RUN_DIR|CHECKPOINT --out FILE [options]");
  std::string source, arm, out, format = "json";
  double floor = 0.0;
  options.add_options()
      ("help,h", "show this help")
      ("source", po::value(&source), "run folder, or a checkpoint_<arm>.txt inside one")
      ("arm", po::value(&arm), "which arm of the run folder (needed when it has several)")
      ("out", po::value(&out), "the policy file to write")
      ("format", po::value(&format), "json (the policy bundle) or onnx (scores -> probabilities)")
      ("probability-floor", po::value(&floor), "every eligible action gets at least this probability")
      ("overwrite", "replace --out if it exists");
  po::positional_options_description positional;
  positional.add("source", 1);
  const auto vm = Parse(args, options, positional);
  if (vm.count("help")) {
    std::cout << options << "\nRebuilds the arm's agent from the run folder's config.resolved.yaml "
                            "and checkpoint, and writes its policy: a self-contained JSON bundle "
                            "(docs/policy-format.md) or an ONNX graph.\n";
    return 0;
  }
  if (source.empty()) throw UsageError("export needs a RUN_DIR or CHECKPOINT");
  if (out.empty()) throw UsageError("export needs --out FILE");
  if (format != "json" && format != "onnx") throw UsageError("--format must be json or onnx, not '" + format + "'");
  if (fs::exists(out) && !vm.count("overwrite")) {
    throw OutputError(out + " already exists; choose another --out or pass --overwrite");
  }
  fs::path dir = source;
  if (!fs::exists(dir)) throw OutputError(source + ": no such run folder or checkpoint");
  if (!fs::is_directory(dir)) {
    const std::string name = dir.filename().string();
    if (name.rfind("checkpoint_", 0) != 0 || !name.ends_with(".txt") || name.size() <= 15) {
      throw OutputError(source + ": expected a run folder or a checkpoint_<arm>.txt file");
    }
    const std::string from_name = name.substr(11, name.size() - 15);
    if (!arm.empty() && arm != from_name) {
      throw UsageError("--arm " + arm + " disagrees with the checkpoint " + name);
    }
    arm = from_name;
    dir = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
  } else if (arm.empty()) {
    const auto arms = CheckpointedArms(dir);
    if (arms.size() != 1) {
      throw UsageError(source + " has " + std::to_string(arms.size()) +
                       " arms with a checkpoint; choose one with --arm (" + Join(arms) + ")");
    }
    arm = arms[0];
  } else if (!fs::exists(dir / CheckpointFileName(arm))) {
    throw OutputError(source + ": arm '" + arm + "' has no checkpoint (arms with one: " +
                      Join(CheckpointedArms(dir)) + ")");
  }
  PolicyBundle bundle = ExportFromRunFolder(dir.string(), arm, BuiltinRegistry());
  bundle.probability_floor = floor;
  const std::string text = format == "json" ? WritePolicyBundle(bundle) : WriteOnnxModel(bundle);
  WriteFileAtomically(out, text);
  std::cerr << "campsim: wrote " << out << " (" << bundle.policy->kind() << ", "
            << bundle.features.num_outputs() << " features, " << bundle.actions.size() << " actions)\n";
  return 0;
}

int Score(const std::vector<std::string>& args) {
  po::options_description options("campsim score --policy POLICY.json --input ROWS.csv [options]");
  std::string policy, input, out;
  std::string seed;
  options.add_options()
      ("help,h", "show this help")
      ("policy", po::value(&policy), "policy bundle (campsim export, or policy_<arm>.json of a run)")
      ("input", po::value(&input), "CSV of raw inputs, one row per decision")
      ("seed", po::value(&seed), "sampling seed (default: the bundle's)")
      ("out", po::value(&out), "write the CSV here (atomically) instead of stdout");
  const auto vm = Parse(args, options, {});
  if (vm.count("help")) {
    std::cout << options
              << "\nInput columns: one per raw input of the bundle (empty cell = missing; "
                 "categorical inputs by category name), optional decision_id (default: the row "
                 "number) and optional eligible:<action> columns of 0/1 (default 1).\n"
                 "Output: row, decision_id, action, action_name, propensity and p:<action> for "
                 "every action; the action is sampled with the stream (seed, decision_id).\n";
    return 0;
  }
  if (policy.empty() || input.empty()) throw UsageError("score needs --policy and --input");
  PolicyBundle bundle = LoadPolicyBundle(policy);
  if (!seed.empty()) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), value);
    if (ec != std::errc() || end != seed.data() + seed.size()) {
      throw UsageError("--seed must be an unsigned 64-bit integer, not '" + seed + "'");
    }
    bundle.decision_seed = value;
  }
  const CsvFile csv = CsvFile::Read(input);
  const FeaturePipeline& fp = bundle.features;
  const std::size_t k = bundle.actions.size();
  std::vector<int> input_column(fp.num_inputs(), -1), eligible_column(k, -1);
  int id_column = -1;
  for (std::size_t c = 0; c < csv.num_columns(); ++c) {
    const std::string name(csv.header()[c]);
    if (name == "decision_id") {
      id_column = static_cast<int>(c);
      continue;
    }
    if (const int i = fp.InputIndex(name); i >= 0) {
      input_column[i] = static_cast<int>(c);
      continue;
    }
    bool matched = false;
    for (std::size_t a = 0; a < k; ++a) {
      if (name == "eligible:" + bundle.actions[a].name) {
        eligible_column[a] = static_cast<int>(c);
        matched = true;
      }
    }
    if (!matched) {
      std::vector<std::string> inputs;
      for (const auto& in : fp.inputs()) inputs.push_back(in.name);
      throw CsvError(input + ": unknown column '" + name + "' (the bundle's inputs: " + Join(inputs) +
                     "; also decision_id and eligible:<action>)");
    }
  }
  for (std::size_t i = 0; i < fp.num_inputs(); ++i) {
    if (input_column[i] < 0) throw CsvError(input + ": no column for input '" + fp.inputs()[i].name + "'");
  }
  std::ostringstream text;
  text << "row,decision_id,action,action_name,propensity";
  for (const auto& a : bundle.actions) text << ",p:" << a.name;
  text << "\n";
  std::vector<double> raw(fp.num_inputs()), pmf(k);
  std::vector<std::uint8_t> eligible(k, 1);
  std::vector<std::string_view> fields;
  for (std::size_t r = 0; r < csv.num_rows(); ++r) {
    csv.Row(r, fields);
    ReadRawInputs(csv, r, fields, input_column, fp, raw);
    for (std::size_t a = 0; a < k; ++a) {
      if (eligible_column[a] < 0) continue;
      const auto c = static_cast<std::size_t>(eligible_column[a]);
      const double e = csv.Number(fields[c], r, c, 1.0);
      if (e != 0.0 && e != 1.0) csv.Fail(r, c, "expected 0 or 1");
      eligible[a] = e == 1.0 ? 1 : 0;
    }
    DecisionId id = r;
    if (id_column >= 0) {
      const std::string_view cell = fields[static_cast<std::size_t>(id_column)];
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), id);
      if (ec != std::errc() || end != cell.data() + cell.size()) {
        csv.Fail(r, static_cast<std::size_t>(id_column), "expected an unsigned 64-bit integer");
      }
    }
    try {
      bundle.Pmf(raw, eligible, pmf);
    } catch (const std::invalid_argument& e) {
      throw CsvError(input + " line " + std::to_string(csv.Line(r)) + ": " + e.what());
    }
    const int action = SampleFromPmf(pmf, DecisionUniform(bundle.decision_seed, id));
    text << r << "," << id << "," << action << "," << bundle.actions[action].name << "," << Number17(pmf[action]);
    for (double p : pmf) text << "," << Number17(p);
    text << "\n";
  }
  if (out.empty()) {
    std::cout << text.str();
  } else {
    WriteFileAtomically(out, text.str());
  }
  return 0;
}

}  // namespace campsim::cli
