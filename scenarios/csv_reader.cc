#include "scenarios/csv_reader.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace campsim {

namespace {

// Splits one line into fields (views into the line), stripping surrounding quotes. Returns
// an error message, or nullptr.
const char* SplitLine(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(',', start);
    std::string_view field = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!field.empty() && field.front() == '"') {
      if (field.size() < 2 || field.back() != '"') {
        return "an opening quote without a closing one (quoted fields may not contain commas or quotes)";
      }
      field = field.substr(1, field.size() - 2);
    }
    if (field.find('"') != std::string_view::npos) return "a quote inside a field is not supported";
    out.push_back(field);
    if (end == std::string_view::npos) return nullptr;
    start = end + 1;
  }
}

}  // namespace

CsvFile CsvFile::Read(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw CsvError(path + ": cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw CsvError(path + ": not a regular file");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    throw CsvError(path + ": empty file (a header line is needed)");
  }
  // Mapped, not copied: a 1e6-row log is hundreds of MB.
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (data == MAP_FAILED) throw CsvError(path + ": cannot map the file into memory");
  ::madvise(data, size, MADV_SEQUENTIAL);
  CsvFile f;
  f.storage_ = std::shared_ptr<const void>(data, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  f.Split(std::string_view(static_cast<const char*>(data), size), path);
  return f;
}

CsvFile CsvFile::Parse(std::string text, const std::string& source) {
  CsvFile f;
  auto owned = std::make_shared<const std::string>(std::move(text));
  f.storage_ = owned;
  f.Split(*owned, source);
  return f;
}

void CsvFile::Split(std::string_view all, const std::string& source) {
  source_ = source;
  text_ = all;
  if (all.empty()) throw CsvError(source + ": empty file (a header line is needed)");
  std::size_t end = all.find('\n');
  if (end == std::string_view::npos) end = all.size();
  std::string_view header = all.substr(0, end);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  if (header.empty()) throw CsvError(source + " line 1: blank header line");
  if (const char* error = SplitLine(header, header_)) throw CsvError(source + " line 1: " + error);
  for (std::size_t pos = end + 1; pos < all.size();) {
    const void* newline = std::memchr(all.data() + pos, '\n', all.size() - pos);
    const std::size_t next = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - all.data()) : all.size();
    line_starts_.push_back(pos);
    if (next == pos || (next == pos + 1 && all[pos] == '\r')) {
      throw CsvError(source + " line " + std::to_string(line_starts_.size() + 1) + ": blank line");
    }
    pos = next + 1;
  }
}

int CsvFile::Column(std::string_view name) const {
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == name) return static_cast<int>(c);
  }
  return -1;
}

void CsvFile::Row(std::size_t row, std::vector<std::string_view>& fields) const {
  const std::string_view all = text_;
  const std::size_t start = line_starts_[row];
  std::size_t end = row + 1 < line_starts_.size() ? line_starts_[row + 1] - 1 : all.size();
  if (end > start && all[end - 1] == '\n') --end;  // the last line's own newline
  std::string_view line = all.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (const char* error = SplitLine(line, fields)) {
    throw CsvError(source_ + " line " + std::to_string(Line(row)) + ": " + error);
  }
  if (fields.size() != header_.size()) {
    throw CsvError(source_ + " line " + std::to_string(Line(row)) + ": " + std::to_string(fields.size()) +
                   " fields, but the header has " + std::to_string(header_.size()));
  }
}

void CsvFile::Fail(std::size_t row, std::size_t column, const std::string& what) const {
  throw CsvError(source_ + " line " + std::to_string(Line(row)) + ", column " +
                 std::string(header_[column]) + ": " + what);
}

double CsvFile::Number(std::string_view field, std::size_t row, std::size_t column, double empty) const {
  if (field.empty()) return empty;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(v)) {
    Fail(row, column, "'" + std::string(field) + "' is not a finite number");
  }
  return v;
}

}  // namespace campsim
