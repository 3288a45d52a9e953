#include "checker/instrument/runtime/code_names.hpp"

#include <cxxabi.h>
#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

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

// The main program's load bias: glibc lists it first.
int first_bias(dl_phdr_info* info, std::size_t, void* data) {
  *static_cast<std::uintptr_t*>(data) = info->dlpi_addr;
  return 1;
}

template <class T>
bool read_at(const std::string& file, std::uint64_t offset, T& out) {
  if (offset > file.size() || file.size() - offset < sizeof(T)) return false;
  std::memcpy(&out, file.data() + offset, sizeof(T));
  return true;
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
  const auto a = reinterpret_cast<std::uintptr_t>(at);
  const std::vector<Symbol>& fns = program_functions();
  auto it = std::upper_bound(fns.begin(), fns.end(), a, [](std::uintptr_t x, const Symbol& s) { return x < s.start; });
  if (it == fns.begin()) return "?";
  --it;
  return a < it->start + it->size ? demangled(it->name.c_str()) : std::string("?");
}

const std::vector<CodeNames::Symbol>& CodeNames::program_functions() {
  if (read_) return program_;
  read_ = true;
  std::ifstream in("/proc/self/exe", std::ios::binary);
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Elf64_Ehdr eh{};
  if (!read_at(file, 0, eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64) {
    return program_;
  }
  std::uintptr_t bias = 0;
  if (eh.e_type == ET_DYN) dl_iterate_phdr(first_bias, &bias);
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh{};
    if (!read_at(file, eh.e_shoff + std::uint64_t{i} * eh.e_shentsize, sh) || sh.sh_type != SHT_SYMTAB) continue;
    Elf64_Shdr strings{};
    if (!read_at(file, eh.e_shoff + std::uint64_t{sh.sh_link} * eh.e_shentsize, strings)) continue;
    for (std::uint64_t off = sh.sh_offset; off + sizeof(Elf64_Sym) <= sh.sh_offset + sh.sh_size;
         off += sizeof(Elf64_Sym)) {
      Elf64_Sym s{};
      if (!read_at(file, off, s) || ELF64_ST_TYPE(s.st_info) != STT_FUNC || s.st_size == 0) continue;
      if (s.st_name >= strings.sh_size || strings.sh_offset + s.st_name >= file.size()) continue;
      program_.push_back(Symbol{bias + s.st_value, s.st_size, file.data() + strings.sh_offset + s.st_name});
    }
  }
  std::sort(program_.begin(), program_.end(), [](const Symbol& a, const Symbol& b) { return a.start < b.start; });
  return program_;
}

}  // namespace braid::instrument
