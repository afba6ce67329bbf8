// Input validation that throws std::invalid_argument naming the field, the value and the
// allowed range. Every public entry point validates with these; nothing relies on assert.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace rp {

// Formats a double the way the messages show it: shortest round-trip text ("0.001", "nan", "inf").
std::string fmt_num(double v);

// Throws unless v is finite.
void check_finite(const std::string& field, double v);
// Throws unless lo <= v <= hi (both inclusive) and v is finite.
void check_range(const std::string& field, double v, double lo, double hi);
// Throws unless v >= lo and finite ("must be >= lo").
void check_min(const std::string& field, double v, double lo);
// Throws unless lo <= v < hi, v finite.
void check_half_open(const std::string& field, double v, double lo, double hi);
// Throws unless lo <= v <= hi for an integer.
void check_int_range(const std::string& field, long long v, long long lo, long long hi);
// Throws unless v is one of allowed: "<field>: 'v' is unknown; allowed: a, b, c".
void check_one_of(const std::string& field, const std::string& v,
                  std::initializer_list<const char*> allowed);
[[noreturn]] void fail_unknown(const std::string& field, const std::string& v,
                               const std::vector<std::string>& allowed);
// Throws "<field>: <msg>".
[[noreturn]] void fail(const std::string& field, const std::string& msg);

}  // namespace rp
