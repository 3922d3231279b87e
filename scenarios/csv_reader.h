// A small, fast CSV reader for decision logs and scoring inputs.
//
// Contract: the first line is the header; every row must have as many fields as the header
// (a ragged row is an error naming the file and line). Fields are views into the file's
// text (valid while the CsvFile lives). A field may be wrapped in double quotes (which are
// stripped) but may not contain a quote itself. Lines end in \n or \r\n; a trailing
// newline is optional; blank lines are errors. Numbers parse with ParseNumber below.
#ifndef CAMPSIM_SCENARIOS_CSV_READER_H_
#define CAMPSIM_SCENARIOS_CSV_READER_H_

#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace campsim {

class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CsvFile {
 public:
  // Throws CsvError naming `path` and the line.
  static CsvFile Read(const std::string& path);
  static CsvFile Parse(std::string text, const std::string& source);

  const std::string& source() const { return source_; }
  const std::vector<std::string_view>& header() const { return header_; }
  std::size_t num_rows() const { return num_rows_; }
  std::size_t num_columns() const { return header_.size(); }
  // Index of a column by name, or -1.
  int Column(std::string_view name) const;
  std::string_view Cell(std::size_t row, std::size_t column) const {
    return cells_[row * header_.size() + column];
  }
  // The file line of a data row (the header is line 1).
  std::size_t Line(std::size_t row) const { return row + 2; }

  // Cell as a finite double; an empty cell gives `empty` (NaN by default means "missing").
  // Throws CsvError naming the file, line and column.
  double Number(std::size_t row, std::size_t column,
                double empty = std::numeric_limits<double>::quiet_NaN()) const;
  // Throws CsvError "<source> line L, column C: <what>".
  [[noreturn]] void Fail(std::size_t row, std::size_t column, const std::string& what) const;

 private:
  std::string source_;
  std::string text_;
  std::vector<std::string_view> header_;
  std::vector<std::string_view> cells_;
  std::size_t num_rows_ = 0;
};

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_CSV_READER_H_
