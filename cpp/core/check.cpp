#include "core/check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace rp {

std::string fmt_num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Integers up to 2^53 print as integers ("10", not "1e+01").
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    char ibuf[32];
    std::snprintf(ibuf, sizeof ibuf, "%.0f", v);
    return ibuf;
  }
  // Otherwise the shortest text that reads back as v, with a compact exponent ("1e-8").
  char buf[40];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string s = buf;
  const auto e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mant = s.substr(0, e), exp = s.substr(e + 1);
  const bool neg = exp[0] == '-';
  exp = exp.substr(exp[0] == '-' || exp[0] == '+' ? 1 : 0);
  exp.erase(0, std::min(exp.find_first_not_of('0'), exp.size() - 1));
  return mant + "e" + (neg ? "-" : "") + exp;
}

[[noreturn]] void fail(const std::string& field, const std::string& msg) {
  throw std::invalid_argument(field + ": " + msg);
}

void check_finite(const std::string& field, double v) {
  if (!std::isfinite(v)) fail(field, fmt_num(v) + " is not a finite number");
}

void check_range(const std::string& field, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi))  // also rejects NaN
    fail(field, fmt_num(v) + " is out of range; allowed: [" + fmt_num(lo) + ", " + fmt_num(hi) + "]");
}

void check_min(const std::string& field, double v, double lo) {
  if (!(v >= lo) || std::isinf(v))
    fail(field, fmt_num(v) + " is out of range; allowed: finite and >= " + fmt_num(lo));
}

void check_half_open(const std::string& field, double v, double lo, double hi) {
  if (!(v >= lo && v < hi))
    fail(field, fmt_num(v) + " is out of range; allowed: [" + fmt_num(lo) + ", " + fmt_num(hi) + ")");
}

void check_int_range(const std::string& field, long long v, long long lo, long long hi) {
  if (v < lo || v > hi)
    fail(field, std::to_string(v) + " is out of range; allowed: integers " + std::to_string(lo) +
                    ".." + std::to_string(hi));
}

void fail_unknown(const std::string& field, const std::string& v,
                  const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  fail(field, "'" + v + "' is unknown; allowed: " + list);
}

void check_one_of(const std::string& field, const std::string& v,
                  std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return;
  fail_unknown(field, v, std::vector<std::string>(allowed.begin(), allowed.end()));
}

}  // namespace rp
