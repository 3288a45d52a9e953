// Thread-local storage per modelled thread. Modelled threads are fibers on one OS thread, so they
// share that thread's `__thread` / `thread_local` variables and errno; tls.cpp gives each its own
// copy of the program's static TLS block (the executable's PT_TLS segment) and of errno, swapped
// in and out on every fiber switch (rt::SwitchHook), and runs each thread's C++ thread_local
// destructors at its end.
#pragma once

#include <cstddef>
#include <cstdint>

#include "checker/runtime/execution.hpp"

namespace braid::instrument {

// What is per modelled thread on the OS thread that runs executions: the program's static TLS
// block [begin, end) and errno.
struct ThreadStorage {
  std::uintptr_t begin = 0;
  std::uintptr_t end = 0;
  const void* errno_at = nullptr;
};
extern ThreadStorage g_thread_storage;

// Whether `addr` is a `__thread` variable of the program or errno: the running modelled thread's
// own, which no other thread sees (its copy is swapped out while others run), so not a shared
// object.
inline bool in_thread_storage(const void* addr) {
  auto a = reinterpret_cast<std::uintptr_t>(addr);
  return a - g_thread_storage.begin < g_thread_storage.end - g_thread_storage.begin ||
         addr == g_thread_storage.errno_at;
}

// Runs the destructors of the calling modelled thread's C++ thread_local objects (registered
// with __cxa_thread_atexit), last constructed first, on that thread at the end of its body.
void run_thread_local_destructors(rt::Execution& ex);

}  // namespace braid::instrument
