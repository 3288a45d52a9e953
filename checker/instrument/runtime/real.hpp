// The real (libc) definitions of the functions the runtime interposes, for calls made outside
// an execution: found once, with dlsym(RTLD_NEXT).
#pragma once

namespace braid::instrument {

// The next definition of `name` after this library (versioned where glibc keeps an old one).
void* real_symbol(const char* name, const char* version = nullptr);

// REAL(fn)(args...): the real fn, looked up on first use.
#define BRAID_REAL(fn)                                                                          \
  ([]() {                                                                                       \
    static auto* real = reinterpret_cast<decltype(&fn)>(::braid::instrument::real_symbol(#fn)); \
    return real;                                                                                \
  }())

}  // namespace braid::instrument
