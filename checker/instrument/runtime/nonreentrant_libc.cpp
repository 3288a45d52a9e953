// Non-reentrant libc functions, interposed: inside an execution each call is a call on its
// function's hidden state, modelled per execution (libc_hidden_state.hpp), where two threads'
// overlapping uses are reported as nonreentrant; outside one, the real functions.
// Not modelled: readdir (its state is per DIR stream, not hidden), gethostbyname and the getpw*
// family (NSS, deep static results), getenv (no state of its own; setenv is the hazard).
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checker/instrument/runtime/nonreentrant.hpp"
#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/state.hpp"

using braid::instrument::active;
using braid::instrument::nonreentrant;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

char* strtok(char* s, const char* delim) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(strtok)(s, delim);
  return nonreentrant().libc.strtok(*ex, s, delim, BRAID_PC);
}

struct tm* localtime(const time_t* t) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(localtime)(t);
  return nonreentrant().libc.localtime(*ex, t, BRAID_PC);
}

struct tm* gmtime(const time_t* t) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(gmtime)(t);
  return nonreentrant().libc.gmtime(*ex, t, BRAID_PC);
}

char* asctime(const struct tm* tm) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(asctime)(tm);
  return nonreentrant().libc.asctime(*ex, tm, BRAID_PC);
}

char* ctime(const time_t* t) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(ctime)(t);
  return nonreentrant().libc.ctime(*ex, t, BRAID_PC);
}

char* strerror(int errnum) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(strerror)(errnum);
  return nonreentrant().libc.strerror(*ex, errnum, BRAID_PC);
}

// rand and random draw from one generator, as in glibc; so do srand and srandom seed it.
int rand() {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(rand)();
  return nonreentrant().libc.rand(*ex, BRAID_PC);
}

long random() {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(random)();
  return nonreentrant().libc.rand(*ex, BRAID_PC);
}

void srand(unsigned int seed) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(srand)(seed);
  nonreentrant().libc.srand(*ex, seed, BRAID_PC);
}

void srandom(unsigned int seed) {
  braid::rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(srandom)(seed);
  nonreentrant().libc.srand(*ex, seed, BRAID_PC);
}

}  // extern "C"
