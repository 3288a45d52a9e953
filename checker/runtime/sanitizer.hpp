// AddressSanitizer support for fiber switches: ASan must be told when execution moves to another
// stack, or it reports false stack errors. All no-ops in a build without ASan.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace braid::rt::asan {

// Before switching to the stack [bottom, bottom + size). `save` is null when the current fiber
// is about to end for good.
inline void start_switch(void** save, const void* bottom, std::size_t size) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_start_switch_fiber(save, bottom, size);
#else
  (void)save, (void)bottom, (void)size;
#endif
}

// After arriving on a stack; reports the stack we came from.
inline void finish_switch(void* save, const void** old_bottom, std::size_t* old_size) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_finish_switch_fiber(save, old_bottom, old_size);
#else
  (void)save, (void)old_bottom, (void)old_size;
#endif
}

// A reused stack may still carry the poisoning of frames that never returned (abandoned fibers).
inline void unpoison(void* p, std::size_t size) {
#if defined(__SANITIZE_ADDRESS__)
  __asan_unpoison_memory_region(p, size);
#else
  (void)p, (void)size;
#endif
}

}  // namespace braid::rt::asan
