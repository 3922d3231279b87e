#include "scenarios/catalog.h"

namespace campsim {

// Defined in the generated catalog_data.cc.
extern const std::vector<CatalogEntry>& EmbeddedCatalog();

const std::vector<CatalogEntry>& Catalog() { return EmbeddedCatalog(); }

std::optional<CatalogEntry> FindCatalogEntry(const std::string& name) {
  std::string key = name;
  if (key.size() > 5 && key.substr(key.size() - 5) == ".yaml") key = key.substr(0, key.size() - 5);
  for (const auto& entry : Catalog()) {
    if (entry.name == key) return entry;
  }
  return std::nullopt;
}

}  // namespace campsim
