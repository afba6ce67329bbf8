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
