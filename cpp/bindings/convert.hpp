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

#include "io/json_config.hpp"

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

inline json parse_json(const std::string& text, const std::string& field) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw std::invalid_argument(field + ": not valid JSON (" + std::string(e.what()) + ")");
  }
}

}  // namespace rp::wasm
