#include "io/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace rp {

namespace {

const char* type_word(Json::Type t) {
  switch (t) {
    case Json::Type::null: return "null";
    case Json::Type::boolean: return "a boolean";
    case Json::Type::number: return "a number";
    case Json::Type::string: return "a string";
    case Json::Type::array: return "an array";
    case Json::Type::object: return "an object";
  }
  return "?";
}

constexpr int kMaxDepth = 256;  // nesting deeper than this is rejected, not recursed into

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  Json document() {
    Json v = value(0);
    skip_ws();
    if (i_ != s_.size()) error("unexpected text after the value");
    return v;
  }

 private:
  [[noreturn]] void error(const std::string& what) const {
    throw Json::exception("parse error at byte " + std::to_string(i_) + ": " + what);
  }
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    skip_ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) error(std::string("expected '") + c + "'");
  }
  void literal(const char* word) {
    for (const char* p = word; *p; ++p, ++i_)
      if (i_ >= s_.size() || s_[i_] != *p) error(std::string("invalid literal, expected ") + word);
  }

  Json value(int depth) {
    if (depth > kMaxDepth) error("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    skip_ws();
    if (i_ >= s_.size()) error("unexpected end of input");
    const char c = s_[i_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') return Json(string());
    if (c == 't') return literal("true"), Json(true);
    if (c == 'f') return literal("false"), Json(false);
    if (c == 'n') return literal("null"), Json();
    if (c == '-' || (c >= '0' && c <= '9')) return Json(number());
    error(std::string("unexpected character '") + c + "'");
  }

  Json object(int depth) {
    ++i_;
    Json o = Json::object();
    if (eat('}')) return o;
    do {
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != '"') error("expected a string key");
      std::string key = string();
      expect(':');
      o[key] = value(depth + 1);
    } while (eat(','));
    expect('}');
    return o;
  }

  Json array(int depth) {
    ++i_;
    Json a = Json::array();
    if (eat(']')) return a;
    do a.push_back(value(depth + 1));
    while (eat(','));
    expect(']');
    return a;
  }

  double number() {
    const std::size_t start = i_;
    auto digits = [&] {
      const std::size_t d = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == d) error("malformed number");
    };
    if (s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') ++i_;
    else digits();
    if (i_ < s_.size() && s_[i_] == '.') ++i_, digits();
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      digits();
    }
    return std::strtod(s_.substr(start, i_ - start).c_str(), nullptr);  // correctly rounded
  }

  unsigned hex4() {
    if (i_ + 4 > s_.size()) error("truncated \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else error("bad \\u escape");
    }
    return v;
  }

  static void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string string() {
    ++i_;  // opening quote
    std::string out;
    while (true) {
      if (i_ >= s_.size()) error("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) error("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) error("unterminated string");
      const char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
            if (i_ + 2 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') error("lone surrogate");
            i_ += 2;
            const unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) error("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            error("lone surrogate");
          }
          utf8(out, cp);
          break;
        }
        default: error(std::string("bad escape '\\") + e + "'");
      }
    }
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

void dump_number(double v, std::string& out) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // The shortest %.*g text that reads back as v. Most doubles need 16 or 17 digits, so 15 is
  // tried first: if no 15-digit text reads back, none shorter does either (a p-digit text that
  // reads back is within an ulp of v, so it is also v's nearest 15-digit text), and the answer
  // is 16 or 17; only when 15 digits do is the shortest searched from 1 up. Same text as
  // trying 1, 2, ... 17 in order, with 2 or 3 printf/strtod pairs instead of up to 17.
  char buf[40];
  auto reads_back = [&](int prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    return std::strtod(buf, nullptr) == v;
  };
  if (reads_back(15)) {
    for (int prec = 1; prec <= 15 && !reads_back(prec); ++prec) {
    }
  } else if (!reads_back(16)) {
    reads_back(17);
  }
  out += buf;
}

void dump_string(const std::string& s, std::string& out) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

Json::Json(std::initializer_list<Json> list) {
  const bool pairs = std::all_of(list.begin(), list.end(), [](const Json& j) {
    return j.is_array() && j.arr_.size() == 2 && j.arr_[0].is_string();
  });
  if (pairs && list.size() > 0) {
    type_ = Type::object;
    for (const Json& j : list) (*this)[j.arr_[0].str_] = j.arr_[1];
  } else {
    type_ = Type::array;
    arr_.assign(list.begin(), list.end());
  }
}

Json Json::parse(const std::string& text) { return Parser(text).document(); }

void Json::type_error(const char* wanted) const {
  throw exception(std::string("expected ") + wanted + ", got " + type_word(type_));
}

template <>
double Json::get<double>() const {
  if (!is_number()) type_error("a number");
  return num_;
}
template <>
bool Json::get<bool>() const {
  if (!is_boolean()) type_error("a boolean");
  return bool_;
}
template <>
std::string Json::get<std::string>() const {
  if (!is_string()) type_error("a string");
  return str_;
}

std::size_t Json::size() const {
  switch (type_) {
    case Type::null: return 0;
    case Type::array: return arr_.size();
    case Type::object: return obj_.size();
    default: return 1;
  }
}

std::size_t Json::member_index(const std::string& key) const {
  if (!is_object()) return obj_.size();
  auto it = std::lower_bound(obj_.begin(), obj_.end(), key, [](const Member& m, const std::string& k) { return m.first < k; });
  return it != obj_.end() && it->first == key ? static_cast<std::size_t>(it - obj_.begin()) : obj_.size();
}

const Json* Json::find_member(const std::string& key) const {
  const std::size_t i = member_index(key);
  return i < obj_.size() ? &obj_[i].second : nullptr;
}

Json::const_iterator Json::find(const std::string& key) const {
  const std::size_t i = member_index(key);
  return i < obj_.size() ? const_iterator{this, i} : end();
}

Json::iterator Json::find(const std::string& key) {
  const std::size_t i = member_index(key);
  return i < obj_.size() ? iterator{this, i} : end();
}

Json& Json::operator[](const std::string& key) {
  if (is_null()) type_ = Type::object;
  if (!is_object()) type_error("an object");
  auto it = std::lower_bound(obj_.begin(), obj_.end(), key, [](const Member& m, const std::string& k) { return m.first < k; });
  if (it == obj_.end() || it->first != key) it = obj_.insert(it, Member(key, Json()));
  return it->second;
}

const Json& Json::at(const std::string& key) const {
  if (!is_object()) type_error("an object");
  const Json* v = find_member(key);
  if (!v) throw exception("key '" + key + "' not found");
  return *v;
}

Json& Json::at(const std::string& key) { return const_cast<Json&>(static_cast<const Json&>(*this).at(key)); }

void Json::erase(const std::string& key) {
  if (!is_object()) type_error("an object");
  obj_.erase(std::remove_if(obj_.begin(), obj_.end(), [&](const Member& m) { return m.first == key; }), obj_.end());
}

std::string Json::value(const std::string& key, const std::string& fallback) const {
  const Json* v = find_member(key);
  return v && v->is_string() ? v->str_ : fallback;
}

Json& Json::at(std::size_t i) {
  if (!is_array()) type_error("an array");
  if (i >= arr_.size()) throw exception("index " + std::to_string(i) + " is out of range");
  return arr_[i];
}

const Json& Json::at(std::size_t i) const { return const_cast<Json&>(*this).at(i); }

void Json::push_back(Json v) {
  if (is_null()) type_ = Type::array;
  if (!is_array()) type_error("an array");
  arr_.push_back(std::move(v));
}

bool Json::operator==(const Json& o) const {
  if (type_ != o.type_) return false;
  switch (type_) {
    case Type::null: return true;
    case Type::boolean: return bool_ == o.bool_;
    case Type::number: return num_ == o.num_;
    case Type::string: return str_ == o.str_;
    case Type::array: return arr_ == o.arr_;
    case Type::object: return obj_ == o.obj_;
  }
  return false;
}

const char* Json::type_name() const { return type_word(type_); }

std::string Json::dump(int indent) const {
  std::string out;
  dump_to(out, indent, 0);
  return out;
}

void Json::dump_to(std::string& out, int indent, int depth) const {
  // Pretty printing: a newline and (depth + 1) * indent spaces before each element.
  auto newline = [&](int d) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(d * indent), ' ');
  };
  switch (type_) {
    case Type::null: out += "null"; break;
    case Type::boolean: out += bool_ ? "true" : "false"; break;
    case Type::number: dump_number(num_, out); break;
    case Type::string: dump_string(str_, out); break;
    case Type::array:
      out += '[';
      for (std::size_t i = 0; i < arr_.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        arr_[i].dump_to(out, indent, depth + 1);
      }
      if (!arr_.empty()) newline(depth);
      out += ']';
      break;
    case Type::object:
      out += '{';
      for (std::size_t i = 0; i < obj_.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        dump_string(obj_[i].first, out);
        out += indent < 0 ? ":" : ": ";
        obj_[i].second.dump_to(out, indent, depth + 1);
      }
      if (!obj_.empty()) newline(depth);
      out += '}';
      break;
  }
}

}  // namespace rp
