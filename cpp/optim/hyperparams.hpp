// Name-based access to an optimizer's config struct, so the generic interface (the page, the
// JSON configs, the replay tool) and the typed C++ structs share one table of names and ranges.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "optim/optimizer.hpp"

namespace rp {

template <class Config>
struct Field {
  const char* key;
  double Config::*real;  // exactly one of real / flag is set
  bool Config::*flag;
  double lo, hi;
  bool hi_open;
};

template <class Config>
Field<Config> real_field(const char* key, double Config::*m, double lo, double hi, bool hi_open = false) {
  return {key, m, nullptr, lo, hi, hi_open};
}
template <class Config>
Field<Config> flag_field(const char* key, bool Config::*m) {
  return {key, nullptr, m, 0, 1, false};
}

// Checks every field's range; messages name "<prefix>.<key>".
template <class Config>
void validate_fields(const Config& c, const std::string& prefix) {
  for (const auto& f : Config::fields()) {
    if (!f.real) continue;
    const double v = c.*(f.real);
    const std::string name = prefix + "." + f.key;
    if (std::isinf(f.lo) && std::isinf(f.hi)) check_finite(name, v);
    else if (std::isinf(f.hi)) check_min(name, v, f.lo);
    else if (f.hi_open) check_half_open(name, v, f.lo, f.hi);
    else check_range(name, v, f.lo, f.hi);
  }
}

template <class Config>
std::vector<std::string> field_keys() {
  std::vector<std::string> keys;
  for (const auto& f : Config::fields()) keys.push_back(f.key);
  return keys;
}

template <class Config>
const Field<Config>& find_field(const std::string& prefix, const std::string& key) {
  for (const auto& f : Config::fields())
    if (key == f.key) return f;
  fail_unknown(prefix + ".key", key, field_keys<Config>());
}

// Assigns one value by name without validating the whole config (booleans must be 0 or 1).
template <class Config>
void assign_field(Config& c, const std::string& prefix, const std::string& key, double value) {
  const auto& f = find_field<Config>(prefix, key);
  if (f.flag) {
    if (value != 0.0 && value != 1.0)
      fail(prefix + "." + key, fmt_num(value) + " is not a boolean; allowed: 0 or 1");
    c.*(f.flag) = value != 0.0;
  } else {
    c.*(f.real) = value;
  }
}

// Sets one value by name on a copy, validates the whole config, then commits.
template <class Config>
void set_field(Config& c, const std::string& prefix, const std::string& key, double value) {
  Config next = c;
  assign_field(next, prefix, key, value);
  next.validate();
  c = next;
}

template <class Config>
double get_field(const Config& c, const std::string& prefix, const std::string& key) {
  const auto& f = find_field<Config>(prefix, key);
  return f.flag ? (c.*(f.flag) ? 1.0 : 0.0) : c.*(f.real);
}

template <class Config>
std::vector<HyperParamInfo> list_fields(const Config& c) {
  std::vector<HyperParamInfo> out;
  for (const auto& f : Config::fields()) {
    HyperParamInfo h;
    h.key = f.key;
    h.flag = f.flag != nullptr;
    h.lo = f.lo;
    h.hi = f.hi;
    h.hi_open = f.hi_open;
    h.value = h.flag ? (c.*(f.flag) ? 1.0 : 0.0) : c.*(f.real);
    out.push_back(h);
  }
  return out;
}

// The generic half of every optimizer: holds the typed config and maps names onto it.
template <class Config>
class ConfiguredOptimizer : public Optimizer {
 public:
  explicit ConfiguredOptimizer(const Config& c) : cfg_(c) { cfg_.validate(); }
  const Config& config() const { return cfg_; }
  // Replaces every hyperparameter at once (validated); the state is kept.
  void configure(const Config& c) {
    c.validate();
    cfg_ = c;
  }
  void set(const std::string& key, double value) override { set_field(cfg_, name(), key, value); }
  double get(const std::string& key) const override { return get_field(cfg_, name(), key); }
  std::vector<HyperParamInfo> hyperparams() const override { return list_fields(cfg_); }

 protected:
  Config cfg_;
};

}  // namespace rp
