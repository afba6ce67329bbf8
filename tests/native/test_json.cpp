// The project's JSON value: parsing, printing, access, and hostile input.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "io/json.hpp"

using rp::Json;
using Catch::Matchers::Contains;

TEST_CASE("json: parse and dump round-trip, keys sorted, shortest numbers", "[json]") {
  const Json j = Json::parse(R"( {"b": [1, 2.5, -3e-8, true, false, null], "a": {"x": "y\n\"z\""}, "c": 0.1} )");
  CHECK(j.dump() == R"({"a":{"x":"y\n\"z\""},"b":[1,2.5,-3e-08,true,false,null],"c":0.1})");
  CHECK(Json::parse(j.dump()) == j);
  CHECK(j["b"][1].get<double>() == 2.5);
  CHECK(j.at("a").at("x").get<std::string>() == "y\n\"z\"");
  CHECK(j["b"].size() == 6);
  CHECK(j["b"][5].is_null());
  // Every double survives print and parse exactly.
  for (double v : {0.1 + 0.2, 1e-300, 5e-324, 1.7976931348623157e308, -0.0, 123456789.123456789})
    CHECK(Json::parse(Json(v).dump()).get<double>() == v);
  CHECK(Json(std::nan("")).dump() == "null");
  CHECK(Json(INFINITY).dump() == "null");
}

TEST_CASE("json: strings with escapes and unicode", "[json]") {
  CHECK(Json::parse(R"("\u00e9\u20ac\ud83d\ude00\t\/")").get<std::string>() == "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\t/");
  CHECK(Json(std::string("a\x01" "b")).dump() == "\"a\\u0001b\"");
  CHECK_THROWS_WITH(Json::parse(R"("\ud83d")"), Contains("lone surrogate"));
  CHECK_THROWS_WITH(Json::parse("\"a\nb\""), Contains("control character"));
}

TEST_CASE("json: malformed text is an error with its position, never a crash", "[json]") {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "{1: 2}", "01", "1.", "-", "1e", "tru", "nul", "[1] 2",
                          "\"abc", "{\"a\":}", "[", "+1", ".5", "NaN", "Infinity"}) {
    INFO("input: " << bad);
    CHECK_THROWS_AS(Json::parse(bad), Json::exception);
    CHECK_THROWS_WITH(Json::parse(bad), Contains("parse error at byte"));
  }
  // Deep nesting is refused instead of overflowing the stack.
  CHECK_THROWS_WITH(Json::parse(std::string(100000, '[')), Contains("nested deeper than"));
  CHECK(Json::parse(std::string(200, '[') + std::string(200, ']')).is_array());
}

TEST_CASE("json: construction, access and iteration like the code expects", "[json]") {
  Json o{{"name", "rmsprop"}, {"lr", 0.01}, {"centered", false}};
  CHECK(o.is_object());
  CHECK(o.value("name", "?") == "rmsprop");
  CHECK(o.value("missing", "?") == "?");
  CHECK(Json{1, 2, 3}.is_array());
  std::string keys;
  for (auto it = o.begin(); it != o.end(); ++it) keys += it.key() + ",";
  CHECK(keys == "centered,lr,name,");
  o.erase("lr");
  CHECK_FALSE(o.contains("lr"));
  CHECK(o.find("lr") == o.end());
  Json a;
  a.push_back(std::vector<double>{1, 2});
  CHECK(a.dump() == "[[1,2]]");
  CHECK_THROWS_AS(a.at(5), Json::exception);
  CHECK_THROWS_WITH(Json(1.0).get<std::string>(), Contains("expected a string, got a number"));
  CHECK(Json::parse("[1,2]").dump(2) == "[\n  1,\n  2\n]");
}
