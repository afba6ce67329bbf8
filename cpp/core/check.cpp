#include "core/check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace rp {

namespace {

// Whether the decimal printf wrote in "%.*e" form reads back as v: 1 yes, 0 no, -1 cannot
// tell. Its mantissa digits M (at most 16; M < 2^53 is exact) and exponent give M * 10^k; when that
// power of ten is exact (|k| <= 22) one multiplication or division rounds it correctly
// (Clinger's fast path), which is what strtod would give. There is no strtod here: it would add
// a third to the wasm module, and these numbers are for messages.
int reads_back(const char* text, double v) {
  const char* p = text;
  const bool neg = *p == '-';
  if (neg || *p == '+') ++p;
  std::uint64_t m = 0;
  int digits = 0;
  for (; *p && *p != 'e'; ++p) {
    if (*p == '.') continue;
    m = m * 10 + static_cast<std::uint64_t>(*p - '0');
    ++digits;
  }
  if (*p != 'e') return -1;
  const int k = std::atoi(p + 1) - (digits - 1);
  if (k < -22 || k > 22) return -1;
  if (m >= (std::uint64_t(1) << 53)) return 0;  // (16 digits from 9007...: take all 17)
  double pow10 = 1.0;
  for (int i = 0; i < (k < 0 ? -k : k); ++i) pow10 *= 10.0;  // exact up to 10^22
  const double x = k < 0 ? static_cast<double>(m) / pow10 : static_cast<double>(m) * pow10;
  return (neg ? -x : x) == v ? 1 : 0;
}

}  // namespace

std::string fmt_num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Integers up to 2^53 print as integers ("10", not "1e+01").
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    char ibuf[32];
    std::snprintf(ibuf, sizeof ibuf, "%.0f", v);
    return ibuf;
  }
  // Otherwise the shortest text that reads back as v, in %g's style with a compact exponent
  // ("1e-8"): up to 16 digits where that can be checked exactly (below), all 17 (which always
  // read back) otherwise; for magnitudes the check cannot handle (beyond ~1e22 or below ~1e-22
  // times the digits), 15 significant digits.
  char buf[40];
  int prec = 17;
  for (int p = 1; p <= 16; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    const int back = reads_back(buf, v);
    if (back != 0) {
      prec = back > 0 ? p : 15;
      break;
    }
  }
  std::snprintf(buf, sizeof buf, "%.*g", prec, v);
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
