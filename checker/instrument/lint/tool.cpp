// The libTooling driver of `braid lint`: finds each file's compile command, parses the file with
// every pass registered, and turns clang's failures into one-line errors.
#include "checker/instrument/lint/tool.hpp"

#include <clang/Tooling/ArgumentsAdjusters.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <memory>
#include <system_error>

#include "checker/instrument/lint/passes.hpp"

namespace braid::lint {
namespace {

// why: a libTooling tool does not know where clang's own headers (stddef.h, stdatomic.h) are;
// the Debian package puts them here (DESIGN.md, "Toolchain facts").
constexpr const char* kResourceDir = "-resource-dir=/usr/lib/llvm-19/lib/clang/19";

// why .h: clang itself reads a .h file as C; a C++ header needs -- -x c++-header -std=c++20.
bool is_c_file(const std::string& file) {
  llvm::StringRef ext = llvm::sys::path::extension(file);
  return ext == ".c" || ext == ".h";
}

// The compilation database the files are parsed with, or null with `error` set.
std::unique_ptr<clang::tooling::CompilationDatabase> load_database(const ToolInput& input, std::string& error) {
  if (input.build_dir.empty()) {
    return std::make_unique<clang::tooling::FixedCompilationDatabase>(".", input.args);
  }
  std::string path = input.build_dir + "/compile_commands.json";
  if (!llvm::sys::fs::is_regular_file(path)) {
    error = "cannot read " + path + ": no such file";
    return nullptr;
  }
  std::string why;
  // why: the JSON database also gives a file it does not list the flags of the listed file
  // nearest to it (clang's interpolation), as clangd does for headers and new files.
  auto db = clang::tooling::JSONCompilationDatabase::loadFromFile(path, why,
                                                                  clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (db == nullptr) {
    error = "cannot read " + path + ": " + llvm::StringRef(why).trim().str();
    return nullptr;
  }
  return clang::tooling::inferTargetAndDriverMode(clang::tooling::inferMissingCompileCommands(std::move(db)));
}

// Whether every file exists and has a compile command; else sets `error` for the first that lacks one.
bool check_files(const ToolInput& input, const clang::tooling::CompilationDatabase& db, std::string& error) {
  for (const std::string& file : input.files) {
    if (!llvm::sys::fs::is_regular_file(file)) {
      error = "cannot read " + file + ": no such file";
      return false;
    }
    llvm::SmallString<256> absolute(file);
    if (std::error_code ec = llvm::sys::fs::make_absolute(absolute)) {
      error = "cannot resolve " + file + ": " + ec.message();
      return false;
    }
    llvm::sys::path::remove_dots(absolute, true);
    if (!input.build_dir.empty() && db.getCompileCommands(absolute).empty()) {
      error = "no compile command for " + file + " in " + input.build_dir + "/compile_commands.json";
      return false;
    }
  }
  return true;
}

// The arguments a file is parsed with when the user gives none.
std::vector<std::string> default_arguments(const std::string& file) {
  // why _DEFAULT_SOURCE: strict -std=c11 hides POSIX (struct sigaction, strtok_r, localtime_r),
  // which is what a concurrency lint is about; the C++ library shows it anyway.
  if (is_c_file(file)) return {"-std=c11", "-D_DEFAULT_SOURCE"};
  return {"-std=c++20"};
}

}  // namespace

bool gather_facts(const ToolInput& input, Facts& facts, std::string& error) {
  std::unique_ptr<clang::tooling::CompilationDatabase> db = load_database(input, error);
  if (db == nullptr || !check_files(input, *db, error)) return false;
  Passes passes;
  add_call_passes(passes, facts);
  add_lock_passes(passes, facts);
  auto action = clang::tooling::newFrontendActionFactory(&passes.finder);
  // why: one tool per file, so that a compile error names its file.
  for (const std::string& file : input.files) {
    clang::tooling::ClangTool tool(*db, {file});
    tool.appendArgumentsAdjuster(
        clang::tooling::getInsertArgumentAdjuster(kResourceDir, clang::tooling::ArgumentInsertPosition::BEGIN));
    // why: the input's own warnings are the compiler's business, not the lint's; errors remain,
    // and so does a call of an undeclared function, which the checks could not tell apart.
    tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
        {"-Wno-everything", "-Werror=implicit-function-declaration"}, clang::tooling::ArgumentInsertPosition::END));
    if (input.build_dir.empty() && !input.have_args) {
      tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
          default_arguments(file), clang::tooling::ArgumentInsertPosition::BEGIN));
    }
    tool.setPrintErrorMessage(false);
    if (tool.run(action.get()) != 0) {
      error = file + " does not compile (clang's errors above); give its flags with -p BUILD_DIR or -- ARGS";
      return false;
    }
  }
  normalize(facts);
  return true;
}

}  // namespace braid::lint
