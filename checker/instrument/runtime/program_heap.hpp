// The heap of a program under `braid check`, as it was at main. Under `braid check` every
// allocation made while the program's own initialisers run (from the first __tsan_init, which
// the instrumented executable's constructors call first, to main) comes from an arena of this
// runtime's instead of libc's heap; at main the arena is sealed: from then on every allocation, the program's and the
// checker's alike, is libc's. Restoring the arena's bytes (ProgramSnapshot) therefore gives back
// exactly the heap objects the program had at main, while the checker's own heap, which lives
// on across executions, is never touched. A block the program allocates inside an execution is
// libc's: freed by the program, or leaked when the execution ends (never reused by a restore).
//
// Outside `braid check` (a program run natively) and in sanitizer builds (whose runtime owns
// malloc) every call goes to libc's allocator unchanged.
#pragma once

#include <cstddef>
#include <span>

namespace braid::instrument::program_heap {

// Under `braid check` (BRAID_CHECK=1), new blocks come from the arena until seal(). Called by
// __tsan_init. why not earlier: the libraries' own initialisers (libstdc++'s locales, this
// runtime's statics) make blocks the checker goes on changing after main.
void arm();
// Whether the arena serves the process: `braid check`, not a sanitizer build.
bool enabled();
// From now on, new blocks are libc's (called at main). free() and realloc() still take back
// the arena's blocks.
void seal();
// The arena's state and its used bytes, for a snapshot; empty when the arena is not in use.
std::span<std::byte> state_bytes();
std::span<std::byte> used_bytes();

}  // namespace braid::instrument::program_heap
