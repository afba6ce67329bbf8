// The Catch2 runner for every native test file.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
