// The clang passes of `braid lint`: each one AST matcher and one callback with one concern,
// filling the plain Facts (facts.hpp). The only header of the lint besides tool.cpp's that
// includes clang: keep it out of the light files.
#pragma once

#include <clang/AST/Decl.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/Basic/SourceManager.h>

#include <memory>
#include <string>
#include <vector>

#include "checker/instrument/lint/facts.hpp"

namespace braid::lint {

// The passes, and the callbacks they own (a MatchFinder keeps only pointers to them).
struct Passes {
  clang::ast_matchers::MatchFinder finder;
  std::vector<std::unique_ptr<clang::ast_matchers::MatchFinder::MatchCallback>> callbacks;
};

// Registers every pass; each adds what it finds in every translation unit to `facts`.
void add_call_passes(Passes& passes, Facts& facts);  // passes_calls.cpp
void add_lock_passes(Passes& passes, Facts& facts);  // passes_locks.cpp

// Where `loc` is, after macro expansion, with the file as display_path shows it.
Site site_of(const clang::SourceManager& sm, clang::SourceLocation loc);

// The key of a function in Facts: its qualified name, or "lambda at FILE:LINE" for the call
// operator of a lambda. why: a lambda has no name, and its source position tells it apart.
std::string function_key(const clang::FunctionDecl& function);

// The name a variable is reported by: qualified, so that a static local reads "f::count".
std::string variable_name(const clang::VarDecl& var);

}  // namespace braid::lint
