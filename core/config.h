// Configuration declared once: the field-visitor contract.
//
// Every configuration struct derives from Describable and lists its fields exactly once, in
// Describe(), with name, help text and check; the struct's member initialisers are the
// defaults. Visitors give that one list its uses: the YAML reader and writer, `--set`
// overrides, the generated scenario reference and, later, Python properties. No field is ever
// restated anywhere else.
//
// Rules for Describe():
// - call one visitor method per field, in the order fields should appear in files and docs;
// - cross-field conditions come last, as v.Require(condition, "what would be valid"): every
//   visitor evaluates the condition, the reader turns a false one into an error located at
//   the struct being read;
// - a struct that later stages must point errors at calls v.Locate(where_) first.
#ifndef CAMPSIM_CORE_CONFIG_H_
#define CAMPSIM_CORE_CONFIG_H_

#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace campsim {

// Where a value came from: a file position, or an override given on the command line.
struct SourceLocation {
  std::string file;  // empty when the value was not read from a file
  std::string path;  // YAML path such as population.segments[1].share
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown

  // "file:line:column: path" with whatever parts are known.
  std::string ToString() const {
    std::string out = file.empty() ? std::string("<scenario>") : file;
    if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
    if (!path.empty()) out += ": " + path;
    return out;
  }
};

// A user-facing configuration error. The CLI prints what() and exits with status 2.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(const SourceLocation& where, const std::string& message)
      : std::runtime_error(where.ToString() + ": " + message), where_(where), message_(message) {}
  const SourceLocation& where() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

// A field check: `describe` says what is valid ("a number in [0, 1]"), `ok` tests a value.
template <typename T>
struct Check {
  std::string describe;
  std::function<bool(const T&)> ok;
};

// "a, b, c" for error messages listing what would be valid ("" for none).
inline std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Shortest text that reads back to the same double ("0.1", "1e+06", "3").
inline std::string FormatNumber(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

// The same for a float (a context feature): the shortest text that reads back to the float.
inline std::string FormatFloat(float x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

inline Check<double> InRange(double lo, double hi) {
  return {"a number in [" + FormatNumber(lo) + ", " + FormatNumber(hi) + "]",
          [lo, hi](const double& x) { return x >= lo && x <= hi; }};
}
inline Check<double> Probability() {
  return {"a probability in [0, 1]", [](const double& x) { return x >= 0.0 && x <= 1.0; }};
}
inline Check<double> NonNegative() {
  return {"a number >= 0", [](const double& x) { return x >= 0.0; }};
}
inline Check<double> Positive() {
  return {"a number > 0", [](const double& x) { return x > 0.0; }};
}
inline Check<std::int64_t> AtLeast(std::int64_t lo) {
  return {"an integer >= " + std::to_string(lo), [lo](const std::int64_t& x) { return x >= lo; }};
}
inline Check<std::int64_t> IntRange(std::int64_t lo, std::int64_t hi) {
  return {"an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]",
          [lo, hi](const std::int64_t& x) { return x >= lo && x <= hi; }};
}
inline Check<std::string> OneOf(std::vector<std::string> choices);
inline Check<std::vector<double>> AllNonNegative();

class ConfigVisitor;

// Anything with fields. Copyable structs derive from DescribableBase<T> to get Clone().
class Describable {
 public:
  virtual ~Describable() = default;
  virtual void Describe(ConfigVisitor& v) = 0;
  virtual std::unique_ptr<Describable> Clone() const = 0;
};

template <typename Derived>
class DescribableBase : public Describable {
 public:
  std::unique_ptr<Describable> Clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// A `{type: <registered name>, params: {...}}` slot. `kind` names the registry family
// (owned_channel, paid_channel, message_agent, budget_agent). The reader creates `params`
// from the registry for `type`; copies are deep.
struct ComponentConfig {
  std::string type;
  std::unique_ptr<Describable> params;
  SourceLocation where;

  ComponentConfig() = default;
  ComponentConfig(std::string type_name, std::unique_ptr<Describable> p)
      : type(std::move(type_name)), params(std::move(p)) {}
  ComponentConfig(const ComponentConfig& o)
      : type(o.type), params(o.params ? o.params->Clone() : nullptr), where(o.where) {}
  ComponentConfig& operator=(const ComponentConfig& o) {
    if (this != &o) {
      type = o.type;
      params = o.params ? o.params->Clone() : nullptr;
      where = o.where;
    }
    return *this;
  }
  ComponentConfig(ComponentConfig&&) noexcept = default;
  ComponentConfig& operator=(ComponentConfig&&) noexcept = default;

  // The params as their concrete type; throws std::bad_cast on a registry mismatch.
  template <typename T>
  const T& As() const {
    return dynamic_cast<const T&>(*params);
  }
};

// Type-erased view of a std::vector of Describable elements.
class ListRef {
 public:
  virtual ~ListRef() = default;
  virtual std::size_t size() const = 0;
  virtual void resize(std::size_t n) = 0;
  virtual Describable& at(std::size_t i) = 0;
  virtual Describable& prototype() = 0;  // a default element, for documentation
};

template <typename T>
class VectorRef final : public ListRef {
 public:
  explicit VectorRef(std::vector<T>& items) : items_(items) {}
  std::size_t size() const override { return items_.size(); }
  void resize(std::size_t n) override { items_.resize(n); }
  Describable& at(std::size_t i) override { return items_[i]; }
  Describable& prototype() override { return prototype_; }

 private:
  std::vector<T>& items_;
  T prototype_{};
};

// Same for a list of components of one kind.
class ComponentListRef {
 public:
  explicit ComponentListRef(std::vector<ComponentConfig>& list) : items(list) {}
  std::vector<ComponentConfig>& items;
};

class ConfigVisitor {
 public:
  virtual ~ConfigVisitor() = default;

  virtual void Field(std::string_view name, double& value, std::string_view help,
                     const Check<double>& check) = 0;
  virtual void Field(std::string_view name, std::int64_t& value, std::string_view help,
                     const Check<std::int64_t>& check) = 0;
  virtual void Field(std::string_view name, bool& value, std::string_view help) = 0;
  virtual void Field(std::string_view name, std::string& value, std::string_view help,
                     const Check<std::string>& check) = 0;
  virtual void Field(std::string_view name, std::vector<double>& value, std::string_view help,
                     const Check<std::vector<double>>& check) = 0;
  virtual void Field(std::string_view name, std::vector<std::string>& value,
                     std::string_view help) = 0;
  virtual void Field(std::string_view name, std::map<std::string, double>& value,
                     std::string_view help) = 0;

  virtual void Struct(std::string_view name, Describable& value, std::string_view help) = 0;
  virtual void List(std::string_view name, ListRef& list, std::string_view help) = 0;
  virtual void Component(std::string_view name, ComponentConfig& value, std::string_view kind,
                         std::string_view help) = 0;
  virtual void Components(std::string_view name, ComponentListRef list, std::string_view kind,
                          std::string_view help) = 0;

  // Cross-field condition; `message` says what would be valid.
  virtual void Require(bool ok, std::string_view message) = 0;
  // Records where the struct being described was read from (no-op for other visitors).
  virtual void Locate(SourceLocation& where) = 0;

  // Conveniences with no check.
  void Field(std::string_view name, double& value, std::string_view help) {
    Field(name, value, help, Check<double>{"a number", [](const double&) { return true; }});
  }
  void Field(std::string_view name, std::int64_t& value, std::string_view help) {
    Field(name, value, help,
          Check<std::int64_t>{"an integer", [](const std::int64_t&) { return true; }});
  }
  void Field(std::string_view name, std::string& value, std::string_view help) {
    Field(name, value, help,
          Check<std::string>{"a string", [](const std::string&) { return true; }});
  }
  void Field(std::string_view name, std::vector<double>& value, std::string_view help) {
    Field(name, value, help, Check<std::vector<double>>{"a list of numbers",
                                                         [](const std::vector<double>&) { return true; }});
  }
  template <typename T>
  void ListOf(std::string_view name, std::vector<T>& items, std::string_view help) {
    VectorRef<T> ref(items);
    List(name, ref, help);
  }
};

inline Check<std::string> OneOf(std::vector<std::string> choices) {
  std::string text = "one of";
  for (std::size_t i = 0; i < choices.size(); ++i) text += (i ? ", " : " ") + choices[i];
  return {text, [choices = std::move(choices)](const std::string& s) {
            for (const auto& c : choices) {
              if (c == s) return true;
            }
            return false;
          }};
}

inline Check<std::vector<double>> AllNonNegative() {
  return {"a list of numbers >= 0", [](const std::vector<double>& xs) {
            for (double x : xs) {
              if (!(x >= 0.0)) return false;
            }
            return true;
          }};
}

}  // namespace campsim

#endif  // CAMPSIM_CORE_CONFIG_H_
