// Shared by the native tests: expect std::invalid_argument with every fragment in its message.
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>
#include <stdexcept>
#include <string>

template <class F>
void require_invalid(F&& f, std::initializer_list<const char*> fragments) {
  try {
    f();
    FAIL("no exception thrown");
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    INFO("message: " << msg);
    for (const char* frag : fragments) CHECK(msg.find(frag) != std::string::npos);
  }
}
