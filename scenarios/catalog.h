// The built-in scenario catalogue: scenarios/catalog/*.yaml, embedded in the binary at build
// time so `campsim run quickstart` works from any directory.
#ifndef CAMPSIM_SCENARIOS_CATALOG_H_
#define CAMPSIM_SCENARIOS_CATALOG_H_

#include <optional>
#include <string>
#include <vector>

namespace campsim {

struct CatalogEntry {
  std::string name;  // file name without .yaml
  std::string text;  // the YAML
};

const std::vector<CatalogEntry>& Catalog();
// The entry called `name` (with or without .yaml), if any.
std::optional<CatalogEntry> FindCatalogEntry(const std::string& name);

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_CATALOG_H_
