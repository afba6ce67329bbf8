// Conversions between the core and JavaScript, for bindings.cpp only.
//
// Every bound entry point runs inside guarded(): a C++ exception becomes a JavaScript Error
// with the same message, thrown after the C++ handler has finished (so no exception object
// is left behind) and the module keeps working. Arrays leave as fresh Float64Array copies,
// never as views into wasm memory, which memory growth would detach.
#pragma once

#include <emscripten/val.h>

#include <cstddef>
#include <string>
#include <vector>

#include "io/config_reader.hpp"
#include "optim/optimizer.hpp"

namespace rp::wasm {

using emscripten::val;

inline std::string& pending_error() {
  static std::string msg;
  return msg;
}

[[noreturn]] inline void throw_pending() {
  val::global("Error").new_(val(pending_error())).throw_();
  __builtin_unreachable();
}

template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    pending_error() = e.what();
  } catch (...) {
    pending_error() = "unknown C++ exception";
  }
  throw_pending();
}

// A JavaScript Float64Array holding a copy of n doubles.
inline val f64_copy(const double* p, std::size_t n) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(n, p));
}
inline val f64_copy(const std::vector<double>& v) { return f64_copy(v.data(), v.size()); }

// Copies a JavaScript array or typed array of numbers into out (resized to its length).
inline void copy_in(const val& array, std::vector<double>& out, const std::string& field) {
  if (!array["length"].isNumber()) throw std::invalid_argument(field + ": expected an array of numbers");
  out.resize(array["length"].as<std::size_t>());
  val view(emscripten::typed_memory_view(out.size(), out.data()));
  view.call<void>("set", array);  // one copy, numbers converted by the typed array
}

// A JavaScript value seen through the interface of io/config_reader.hpp: the page's module
// reads configs straight from JS objects (and so carries no JSON parser).
struct ValNode {
  val v;
  bool is_number() const { return v.isNumber(); }
  bool is_boolean() const { return v.isTrue() || v.isFalse(); }
  bool is_string() const { return v.isString(); }
  bool is_array() const { return v.isArray(); }
  bool is_object() const {
    return !v.isNull() && !v.isUndefined() && !v.isArray() && v.typeOf().as<std::string>() == "object";
  }
  const char* type_name() const {
    if (v.isNull()) return "null";
    if (v.isUndefined()) return "undefined";
    if (is_boolean()) return "a boolean";
    if (is_number()) return "a number";
    if (is_string()) return "a string";
    if (is_array()) return "an array";
    return is_object() ? "an object" : "a function";
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
