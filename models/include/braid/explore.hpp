// Running the checker: braid::explore for GoogleTest (or any C++ caller), and BRAID_TEST /
// BRAID_ASSERT for test binaries linked with Braid's main (braid::braid_main).
#pragma once

#include <functional>
#include <source_location>
#include <string>
#include <vector>

#include "braid/config.hpp"
#include "braid/detail/runtime_api.hpp"
#include "braid/result.hpp"

namespace braid {

// Explores `body` (the test: it runs as modelled thread 0) under `options` and returns what was
// found. `name` identifies the test in reports and is checked when a token is replayed.
Result explore(const std::function<void()>& body, const Options& options = {}, const std::string& name = "explore");

struct TestCase {
  std::string name;  // "suite.name"
  void (*body)();
  std::source_location defined_at;
};

// Every BRAID_TEST of the program, in registration order.
const std::vector<TestCase>& registered_tests();

namespace detail {
struct Registrar {
  Registrar(const char* name, void (*body)(), std::source_location at = std::source_location::current());
};
}  // namespace detail

}  // namespace braid

#define BRAID_TEST_FN_(suite, name) braid_test_##suite##_##name
#define BRAID_TEST(suite, name)                                                                           \
  static void BRAID_TEST_FN_(suite, name)();                                                              \
  static const ::braid::detail::Registrar braid_registrar_##suite##_##name(#suite "." #name,              \
                                                                           &BRAID_TEST_FN_(suite, name)); \
  static void BRAID_TEST_FN_(suite, name)()

// Fails the current execution with an assertion_failure naming the expression and its line.
#define BRAID_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::braid::detail::assertion_failed(#cond, std::source_location::current()))
