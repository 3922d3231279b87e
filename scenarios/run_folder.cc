#include "scenarios/run_folder.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace campsim {

namespace fs = std::filesystem;

namespace {

void WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw OutputError("cannot write " + path.string());
}

fs::path TemporarySibling(const fs::path& target, const char* what) {
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  return parent / ("." + target.filename().string() + "." + what + "-" + std::to_string(::getpid()));
}

}  // namespace

void WriteFileAtomically(const std::string& path, const std::string& content) {
  const fs::path target(path);
  const fs::path temp = TemporarySibling(target, "tmp");
  WriteFile(temp, content);
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw OutputError("cannot write " + path + ": " + ec.message());
  }
}

void WriteRunFolder(const std::string& dir, const std::map<std::string, std::string>& files,
                    bool overwrite) {
  const fs::path target(dir);
  std::error_code ec;
  const bool exists = fs::exists(target, ec);
  if (exists && !overwrite) {
    throw OutputError("output folder " + dir + " already exists; choose another --out or pass "
                      "--overwrite to replace it");
  }
  if (!target.parent_path().empty()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw OutputError("cannot create " + target.parent_path().string() + ": " + ec.message());
  }
  const fs::path temp = TemporarySibling(target, "tmp");
  fs::remove_all(temp, ec);
  if (!fs::create_directory(temp, ec) || ec) {
    throw OutputError("cannot create " + temp.string() + ": " + ec.message());
  }
  try {
    for (const auto& [name, content] : files) WriteFile(temp / name, content);
  } catch (...) {
    fs::remove_all(temp, ec);
    throw;
  }
  fs::path old;
  if (exists) {
    old = TemporarySibling(target, "old");
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(temp, ec);
      throw OutputError("cannot move the existing " + dir + " aside: " + ec.message());
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    const std::string reason = ec.message();
    if (exists) fs::rename(old, target, ec);
    fs::remove_all(temp, ec);
    throw OutputError("cannot create " + dir + ": " + reason);
  }
  if (exists) fs::remove_all(old, ec);
}

}  // namespace campsim
