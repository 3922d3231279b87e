// Checked reads from a parsed policy bundle (private to policies/). Every accessor throws
// BundleError naming the JSON pointer of the offending value and what would be valid, so no
// malformed bundle reaches a constructor with the wrong shape.
#ifndef CAMPSIM_POLICIES_JSON_ACCESS_H_
#define CAMPSIM_POLICIES_JSON_ACCESS_H_

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "policies/policy_bundle.h"

namespace campsim::bundle_json {

using Json = nlohmann::json;

[[noreturn]] inline void Fail(const std::string& path, const std::string& what) {
  throw BundleError((path.empty() ? "/" : path) + ": " + what);
}

inline const Json& Field(const Json& j, const std::string& path, const char* key) {
  if (!j.is_object()) Fail(path, "expected an object");
  const auto it = j.find(key);
  if (it == j.end()) Fail(path + "/" + key, "missing");
  return *it;
}

inline double Number(const Json& j, const std::string& path) {
  if (!j.is_number()) Fail(path, "expected a number");
  const double v = j.get<double>();
  if (!std::isfinite(v)) Fail(path, "expected a finite number");
  return v;
}

inline double NumberField(const Json& j, const std::string& path, const char* key) {
  return Number(Field(j, path, key), path + "/" + key);
}

// An integer in [lo, hi].
inline std::int64_t Integer(const Json& j, const std::string& path, std::int64_t lo, std::int64_t hi) {
  if (!j.is_number_integer()) Fail(path, "expected an integer");
  if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
    Fail(path, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  const auto v = j.get<std::int64_t>();
  if (v < lo || v > hi) {
    Fail(path, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v;
}

inline std::int64_t IntegerField(const Json& j, const std::string& path, const char* key,
                                 std::int64_t lo, std::int64_t hi) {
  return Integer(Field(j, path, key), path + "/" + key, lo, hi);
}

inline std::string String(const Json& j, const std::string& path) {
  if (!j.is_string()) Fail(path, "expected a string");
  return j.get<std::string>();
}

inline std::string StringField(const Json& j, const std::string& path, const char* key) {
  return String(Field(j, path, key), path + "/" + key);
}

inline bool BoolField(const Json& j, const std::string& path, const char* key) {
  const Json& v = Field(j, path, key);
  if (!v.is_boolean()) Fail(path + "/" + key, "expected true or false");
  return v.get<bool>();
}

inline const Json& Array(const Json& j, const std::string& path, std::size_t expected_size) {
  if (!j.is_array()) Fail(path, "expected an array");
  if (j.size() != expected_size) {
    Fail(path, "expected " + std::to_string(expected_size) + " entries, got " + std::to_string(j.size()));
  }
  return j;
}

// `rows` arrays of `cols` finite numbers each, appended row-major to `out`.
inline void Matrix(const Json& j, const std::string& path, std::size_t rows, std::size_t cols,
                   std::vector<double>& out) {
  Array(j, path, rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::string row_path = path + "/" + std::to_string(r);
    const Json& row = Array(j[r], row_path, cols);
    for (std::size_t c = 0; c < cols; ++c) out.push_back(Number(row[c], row_path + "/" + std::to_string(c)));
  }
}

inline std::vector<double> Vector(const Json& j, const std::string& path, std::size_t size) {
  Array(j, path, size);
  std::vector<double> out;
  out.reserve(size);
  for (std::size_t i = 0; i < size; ++i) out.push_back(Number(j[i], path + "/" + std::to_string(i)));
  return out;
}

// Rows of a row-major matrix, as nested arrays.
inline Json Rows(const std::vector<double>& flat, std::size_t rows, std::size_t cols) {
  Json out = Json::array();
  for (std::size_t r = 0; r < rows; ++r) {
    out.push_back(std::vector<double>(flat.begin() + static_cast<std::ptrdiff_t>(r * cols),
                                      flat.begin() + static_cast<std::ptrdiff_t>((r + 1) * cols)));
  }
  return out;
}

}  // namespace campsim::bundle_json

#endif  // CAMPSIM_POLICIES_JSON_ACCESS_H_
