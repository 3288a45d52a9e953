#include "checker/instrument/runtime/real.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace braid::instrument {

void* real_symbol(const char* name, const char* version) {
  void* p = version != nullptr ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
  if (p == nullptr) {
    // why: no way to go on without the function the program called; say which one.
    std::fprintf(stderr, "braid runtime: cannot find the real %s\n", name);
    std::abort();
  }
  return p;
}

}  // namespace braid::instrument
