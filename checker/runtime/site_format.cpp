#include "checker/runtime/site_format.hpp"

#include <fmt/format.h>

#include <cstring>

namespace braid::rt {

std::string pc_placeholder(const void* pc) { return fmt::format("\x01{:x}\x02", reinterpret_cast<std::uintptr_t>(pc)); }

std::string short_site(const Site& site) {
  if (site.pc != nullptr) return pc_placeholder(site.pc);
  const char* file = site.loc.file_name();
  const char* slash = std::strrchr(file, '/');
  return fmt::format("{}:{}", slash != nullptr ? slash + 1 : file, site.loc.line());
}

bool in_system_header(const char* file) {
  return std::strncmp(file, "/usr/include/", 13) == 0 || std::strncmp(file, "/usr/lib/", 9) == 0;
}

}  // namespace braid::rt
