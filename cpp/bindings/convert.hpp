// Conversions between the core and JavaScript, for bindings.cpp and replay_bindings.cpp only.
//
// No bound function ever throws into JavaScript. A JavaScript exception raised inside a call
// skips the rest of it: the C++ destructors of its frames and the Embind glue's clean-up of the
// argument buffers it allocated (every string argument leaked 16 bytes that way). So every
// entry point runs inside guarded(), which returns the result, or a JavaScript Error carrying
// the C++ message; web/engine/engine.js throws it once the call has returned. Nothing here calls
// JavaScript code that can throw either: engine.js hands over plain data (numbers, strings,
// Float64Arrays, plain objects and arrays). Arrays leave as fresh Float64Array copies, never as
// views into wasm memory, which memory growth would detach.
#pragma once

#include <emscripten/val.h>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/check.hpp"
#include "io/config_reader.hpp"
#include "optim/factory.hpp"
#include "optim/optimizer.hpp"

namespace rp::wasm {

using emscripten::val;

// The exception being handled as a JavaScript Error with its message (what guarded() returns
// instead of throwing). Out of line: one copy of the handler for every entry point.
[[gnu::noinline]] inline val current_error() {
  std::string message = "unknown C++ exception";
  try {
    throw;
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
  }
  return val::global("Error").new_(val(message));
}

// f's result as a val (undefined for void), or a JavaScript Error when f throws.
template <class F>
val guarded(F&& f) {
  try {
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      return val::undefined();
    } else {
      return val(f());
    }
  } catch (...) {
    return current_error();
  }
}

inline std::string js_type(const val& v) { return v.typeOf().as<std::string>(); }

// A JavaScript value for a message: numbers as the core prints them, strings quoted (cut at
// 40 characters), otherwise the type ("an object", "a bigint", ...).
inline std::string describe(const val& v) {
  const std::string t = js_type(v);
  if (v.isNumber()) return fmt_num(v.as<double>());
  if (t == "string") {
    std::string s = v.as<std::string>();
    if (s.size() > 40) s = s.substr(0, 40) + "...";
    return "'" + s + "'";
  }
  if (v.isTrue()) return "true";
  if (v.isFalse()) return "false";
  if (v.isNull()) return "null";
  if (v.isUndefined()) return "undefined";
  if (t == "bigint") return "a bigint (" + v.call<std::string>("toString") + "n)";
  if (t == "symbol") return "a symbol";
  if (t == "function") return "a function";
  return v.isArray() ? "an array" : "an object";
}

// An integer argument in [lo, hi], checked before any cast: NaN, fractions, non-numbers and
// values that an int would wrap are refused, naming the field, the value and the range.
[[gnu::noinline]] inline long long int_arg(const val& v, const std::string& field, long long lo, long long hi) {
  const bool number = v.isNumber();
  const double d = number ? v.as<double>() : 0.0;
  const bool integer = number && std::isfinite(d) && d == std::floor(d);
  if (integer && d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) return static_cast<long long>(d);
  std::string m = !number ? "expected a number, got " + describe(v) + "; allowed: integers "
                  : integer ? fmt_num(d) + " is out of range; allowed: integers "
                            : fmt_num(d) + " is not an integer; allowed: integers ";
  m += std::to_string(lo);
  m += "..";
  m += std::to_string(hi);
  fail(field, m);
}

// A JavaScript Float64Array holding a copy of n doubles.
inline val f64_copy(const double* p, std::size_t n) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(n, p));
}
inline val f64_copy(const std::vector<double>& v) { return f64_copy(v.data(), v.size()); }

// Copies a Float64Array (engine.js converts every array of numbers to one first) into out.
inline void copy_in(const val& array, std::vector<double>& out, const std::string& field) {
  if (!array.instanceof(val::global("Float64Array")))
    throw std::invalid_argument(field + ": expected an array of numbers, got " + describe(array));
  out.resize(array["length"].as<std::size_t>());
  val view(emscripten::typed_memory_view(out.size(), out.data()));
  view.call<void>("set", array);  // one copy
}

// A JavaScript value seen through the interface of io/config_reader.hpp: the page's module
// reads configs straight from JS objects (and so carries no JSON parser).
struct ValNode {
  val v;
  bool is_number() const { return v.isNumber(); }
  bool is_boolean() const { return v.isTrue() || v.isFalse(); }
  bool is_string() const { return v.isString(); }
  // Arrays and typed arrays (hidden: new Int32Array([8, 8]) reads like [8, 8]).
  bool is_array() const {
    return v.isArray() || (val::global("ArrayBuffer").call<bool>("isView", v) &&
                           !v.instanceof(val::global("DataView")));
  }
  bool is_object() const { return !v.isNull() && js_type(v) == "object" && !is_array(); }
  const char* type_name() const {
    if (v.isNull()) return "null";
    if (v.isUndefined()) return "undefined";
    if (is_boolean()) return "a boolean";
    if (is_number()) return "a number";
    if (is_string()) return "a string";
    if (is_array()) return "an array";
    if (is_object()) return "an object";
    const std::string t = js_type(v);
    if (t == "bigint") return "a bigint";
    if (t == "symbol") return "a symbol";
    return "a function";
  }
  double number() const { return v.as<double>(); }
  bool boolean() const { return v.isTrue(); }
  std::string string() const { return v.as<std::string>(); }
  std::size_t size() const { return v["length"].as<std::size_t>(); }
  ValNode item(std::size_t i) const { return {v[i]}; }
  bool has(const std::string& key) const { return v.hasOwnProperty(key.c_str()); }
  ValNode member(const std::string& key) const { return {v[key]}; }
  std::vector<std::string> keys() const {
    const val ks = val::global("Object").call<val>("keys", v);
    std::vector<std::string> out(ks["length"].as<std::size_t>());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = ks[i].as<std::string>();
    return out;
  }
};

// A non-finite hyperparameter in an optimizer spec is reported the way set() reports it
// ("rmsprop.lr: nan is out of range; allowed: finite and >= 0"), naming the allowed range. (The
// shared config reader would stop earlier at "optimizer.lr: nan is not a finite number"; JSON,
// the native tools' input, has no NaN.)
inline void check_nonfinite_hyperparams(const ValNode& j) {
  if (!j.is_object() || !j.has("name") || !j.member("name").is_string()) return;
  OptimizerSpec spec;
  spec.name = j.member("name").string();
  if (j.has("preset") && j.member("preset").is_string()) spec.preset = j.member("preset").string();
  for (const std::string& key : j.keys()) {
    if (key == "name" || key == "preset") continue;
    const ValNode value = j.member(key);
    if (value.is_number() && !std::isfinite(value.number())) {
      spec.values = {{key, value.number()}};
      make_optimizer(spec);  // throws, with the optimizer's field name and range
    }
  }
}

// {name, ...hyperparameters} with booleans as booleans.
inline val optimizer_to_val(const Optimizer& opt) {
  val o = val::object();
  o.set("name", opt.name());
  for (const auto& h : opt.hyperparams()) {
    if (h.flag) o.set(h.key, h.value != 0.0);
    else o.set(h.key, h.value);
  }
  return o;
}

}  // namespace rp::wasm
