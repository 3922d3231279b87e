#include "scenarios/csv_reader.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace campsim {

namespace {

// Splits one line into fields (views into the line), stripping surrounding quotes.
bool SplitLine(std::string_view line, std::vector<std::string_view>& out, std::string& error) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = line.find(',', start);
    std::string_view field = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!field.empty() && field.front() == '"') {
      if (field.size() < 2 || field.back() != '"') {
        error = "an opening quote without a closing one (quoted fields may not contain commas or quotes)";
        return false;
      }
      field = field.substr(1, field.size() - 2);
    }
    if (field.find('"') != std::string_view::npos) {
      error = "a quote inside a field is not supported";
      return false;
    }
    out.push_back(field);
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

}  // namespace

CsvFile CsvFile::Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CsvError(path + ": cannot open");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return Parse(buffer.str(), path);
}

CsvFile CsvFile::Parse(std::string text, const std::string& source) {
  CsvFile f;
  f.source_ = source;
  f.text_ = std::move(text);
  const std::string_view all(f.text_);
  std::size_t pos = 0, line_number = 0;
  std::string error;
  while (pos < all.size()) {
    std::size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    pos = end + 1;
    if (line.empty()) throw CsvError(source + " line " + std::to_string(line_number) + ": blank line");
    auto& target = line_number == 1 ? f.header_ : f.cells_;
    const std::size_t before = target.size();
    if (!SplitLine(line, target, error)) {
      throw CsvError(source + " line " + std::to_string(line_number) + ": " + error);
    }
    if (line_number > 1 && target.size() - before != f.header_.size()) {
      throw CsvError(source + " line " + std::to_string(line_number) + ": " +
                     std::to_string(target.size() - before) + " fields, but the header has " +
                     std::to_string(f.header_.size()));
    }
  }
  if (line_number == 0) throw CsvError(source + ": empty file (a header line is needed)");
  f.num_rows_ = line_number - 1;
  return f;
}

int CsvFile::Column(std::string_view name) const {
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == name) return static_cast<int>(c);
  }
  return -1;
}

void CsvFile::Fail(std::size_t row, std::size_t column, const std::string& what) const {
  throw CsvError(source_ + " line " + std::to_string(Line(row)) + ", column " +
                 std::string(header_[column]) + ": " + what);
}

double CsvFile::Number(std::size_t row, std::size_t column, double empty) const {
  const std::string_view cell = Cell(row, column);
  if (cell.empty()) return empty;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(v)) {
    Fail(row, column, "'" + std::string(cell) + "' is not a finite number");
  }
  return v;
}

}  // namespace campsim
