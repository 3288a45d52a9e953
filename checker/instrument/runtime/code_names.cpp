#include "checker/instrument/runtime/code_names.hpp"

#include <cxxabi.h>
#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <cstdlib>

namespace braid::instrument {
namespace {

std::string demangled(const char* name) {
  int status = 0;
  char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (d == nullptr) return name;
  std::string out = d;
  std::free(d);  // NOLINT: __cxa_demangle's result is malloc'ed
  return out;
}

}  // namespace

std::string CodeNames::function(const void* pc) {
  // why pc - 1: a return address may be the first byte after its function (a call at its end).
  const auto* at = static_cast<const char*>(pc) - 1;
  Dl_info info{};
  void* entry = nullptr;
  // An exported function (braid cc links with -rdynamic), when `at` lies inside it: dladdr alone
  // would name the nearest exported symbol below a static function.
  const bool found = dladdr1(at, &info, &entry, RTLD_DL_SYMENT) != 0;
  const auto* sym = static_cast<const ElfW(Sym)*>(entry);
  if (found && info.dli_sname != nullptr && sym != nullptr &&
      at < static_cast<const char*>(info.dli_saddr) + sym->st_size) {
    return demangled(info.dli_sname);
  }
  if (!program_) program_.emplace(STT_FUNC);
  const ProgramSymbols::Symbol* s = program_->at(reinterpret_cast<std::uintptr_t>(at));
  return s != nullptr ? demangled(s->name.c_str()) : std::string("?");
}

}  // namespace braid::instrument
