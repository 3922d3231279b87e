// A small, fast CSV reader for decision logs and scoring inputs (millions of rows).
//
// Contract: the first line is the header. The file is mapped into memory and split into lines
// once; a data row is split into fields on demand by Row(), which checks it has as many
// fields as the header (a ragged row is an error naming the file and line). Fields are
// views into the file's text (valid while the CsvFile lives). A field may be wrapped in
// double quotes (which are stripped) but may not contain a quote itself. Lines end in \n or
// \r\n; a trailing newline is optional; blank lines are errors.
#ifndef CAMPSIM_SCENARIOS_CSV_READER_H_
#define CAMPSIM_SCENARIOS_CSV_READER_H_

#include <limits>
#include <memory>
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
  std::size_t num_rows() const { return line_starts_.size(); }
  std::size_t num_columns() const { return header_.size(); }
  // Index of a column by name, or -1.
  int Column(std::string_view name) const;
  // The fields of data row `row` (0-based) into `fields`. Thread-safe. Throws CsvError.
  void Row(std::size_t row, std::vector<std::string_view>& fields) const;
  // The file line of a data row (the header is line 1).
  std::size_t Line(std::size_t row) const { return row + 2; }

  // A field as a finite double; an empty field gives `empty` (NaN by default: "missing").
  // Throws CsvError naming the file, line and column.
  double Number(std::string_view field, std::size_t row, std::size_t column,
                double empty = std::numeric_limits<double>::quiet_NaN()) const;
  // Throws CsvError "<source> line L, column C: <what>".
  [[noreturn]] void Fail(std::size_t row, std::size_t column, const std::string& what) const;

 private:
  void Split(std::string_view text, const std::string& source);

  std::string source_;
  std::shared_ptr<const void> storage_;  // the mapped file or the parsed string
  std::string_view text_;
  std::vector<std::string_view> header_;
  std::vector<std::size_t> line_starts_;  // per data row: offset of its first byte
};

}  // namespace campsim

#endif  // CAMPSIM_SCENARIOS_CSV_READER_H_
