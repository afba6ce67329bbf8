// A small JSON value: what the configs, the golden files and the tools need, and no more.
//
// It replaces nlohmann::json, whose template code was a third of the WebAssembly module (the
// page's size budget is 100 KB gzipped). The interface is the subset of nlohmann's we used, so
// code reads the same: Json::parse, dump, is_*, get<T>, contains, operator[], at, iteration
// with key()/value(), initializer-list construction (a list of [string, value] pairs is an
// object). Objects keep their keys sorted, so dump() is deterministic.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace rp {

class Json {
 public:
  enum class Type { null, boolean, number, string, array, object };
  using Member = std::pair<std::string, Json>;
  // Thrown by parse() and by accessors used on the wrong type.
  struct exception : std::runtime_error {
    using std::runtime_error::runtime_error;
  };

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool b) : type_(Type::boolean), bool_(b) {}
  template <class T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Json(T v) : type_(Type::number), num_(static_cast<double>(v)) {}
  Json(const char* s) : type_(Type::string), str_(s) {}
  Json(std::string s) : type_(Type::string), str_(std::move(s)) {}
  template <class T>
  Json(const std::vector<T>& v) : type_(Type::array) {
    for (const auto& x : v) arr_.emplace_back(x);
  }
  // {a, b, c} is an array, unless every element is a [string, value] pair: then an object.
  Json(std::initializer_list<Json> list);

  static Json array() { return Json(Type::array); }
  static Json object() { return Json(Type::object); }
  // Throws Json::exception "parse error at byte N: ..." on malformed text.
  static Json parse(const std::string& text);
  // Compact text (indent < 0) or indented by that many spaces; numbers in their shortest
  // round-trip form, NaN and infinities as null.
  std::string dump(int indent = -1) const;
  // "null", "a boolean", "a number", "a string", "an array", "an object" (for messages).
  const char* type_name() const;

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  bool is_boolean() const { return type_ == Type::boolean; }
  bool is_number() const { return type_ == Type::number; }
  bool is_string() const { return type_ == Type::string; }
  bool is_array() const { return type_ == Type::array; }
  bool is_object() const { return type_ == Type::object; }

  template <class T>
  T get() const;

  std::size_t size() const;
  bool empty() const { return size() == 0; }

  // Objects.
  bool contains(const std::string& key) const { return find_member(key) != nullptr; }
  Json& operator[](const std::string& key);  // inserts null (a null value becomes an object)
  Json& operator[](const char* key) { return (*this)[std::string(key)]; }
  const Json& operator[](const std::string& key) const { return at(key); }
  const Json& operator[](const char* key) const { return at(std::string(key)); }
  const Json& at(const std::string& key) const;  // throws if missing
  Json& at(const std::string& key);
  void erase(const std::string& key);
  std::string value(const std::string& key, const std::string& fallback) const;

  // Arrays.
  Json& operator[](std::size_t i) { return at(i); }
  const Json& operator[](std::size_t i) const { return at(i); }
  Json& operator[](int i) { return at(static_cast<std::size_t>(i)); }
  const Json& operator[](int i) const { return at(static_cast<std::size_t>(i)); }
  Json& at(std::size_t i);
  const Json& at(std::size_t i) const;
  void push_back(Json v);  // a null value becomes an array
  Json& back() { return at(size() - 1); }
  const Json& back() const { return at(size() - 1); }

  // Iteration over an array's elements or an object's members (key() / value()).
  template <class J>
  class basic_iterator {
   public:
    basic_iterator(J* owner, std::size_t i) : owner_(owner), i_(i) {}
    J& operator*() const { return value(); }
    J* operator->() const { return &value(); }
    basic_iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const basic_iterator& o) const { return owner_ == o.owner_ && i_ == o.i_; }
    bool operator!=(const basic_iterator& o) const { return !(*this == o); }
    const std::string& key() const { return owner_->obj_.at(i_).first; }
    J& value() const { return owner_->is_object() ? owner_->obj_.at(i_).second : owner_->arr_.at(i_); }

   private:
    J* owner_;
    std::size_t i_;
  };
  using iterator = basic_iterator<Json>;
  using const_iterator = basic_iterator<const Json>;
  iterator begin() { return {this, 0}; }
  iterator end() { return {this, iterable_size()}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, iterable_size()}; }
  const_iterator find(const std::string& key) const;
  iterator find(const std::string& key);

  bool operator==(const Json& o) const;
  bool operator!=(const Json& o) const { return !(*this == o); }

 private:
  explicit Json(Type t) : type_(t) {}
  std::size_t member_index(const std::string& key) const;  // obj_.size() when absent
  const Json* find_member(const std::string& key) const;
  std::size_t iterable_size() const { return is_object() ? obj_.size() : is_array() ? arr_.size() : 0; }
  void dump_to(std::string& out, int indent, int depth) const;
  [[noreturn]] void type_error(const char* wanted) const;

  Type type_ = Type::null;
  bool bool_ = false;
  double num_ = 0.0;
  std::string str_;
  std::vector<Json> arr_;
  std::vector<Member> obj_;  // sorted by key
};

template <>
double Json::get<double>() const;
template <>
bool Json::get<bool>() const;
template <>
std::string Json::get<std::string>() const;

}  // namespace rp
