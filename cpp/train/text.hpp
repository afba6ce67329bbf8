// Message text for the trainer's stops and errors (internal to cpp/train/).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace rp::train_text {

// Joins pieces into one string: one out-of-line call per message instead of chains of
// std::string operator+, which inline into a lot of WebAssembly.
[[gnu::noinline]] inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  std::string s;
  s.reserve(n);
  for (std::string_view p : parts) s.append(p.data(), p.size());
  return s;
}

[[gnu::noinline]] inline std::string layer_name(int l, int layers) {
  const std::string n = std::to_string(l + 1);
  return l == layers - 1 ? cat({"layer ", n, " (output layer)"}) : cat({"layer ", n, " (hidden layer ", n, ")"});
}

}  // namespace rp::train_text
