// Writing a report file so that a reader never sees half of it: a crash or a full disk leaves
// either the old file or the new one, never a truncated mix.
#pragma once

#include <string>
#include <string_view>

namespace braid::report {

// Writes `data` to "<path>.tmp.<pid>" in the same directory (so the rename cannot cross file
// systems), fsyncs it and renames it over `path`. On failure removes the temporary file, leaves
// `path` as it was, sets `error` to "cannot write <path>: <reason>" and returns false.
bool write_file_atomic(const std::string& path, std::string_view data, std::string& error);

// Whether a report could be written at `path` now (its directory exists and takes a new file),
// checked before a long exploration rather than after it. Sets `error` like write_file_atomic.
bool can_write_file(const std::string& path, std::string& error);

}  // namespace braid::report
