// The passes that build the call graph and find its roots: function definitions, calls, thread
// starts, signal handler installs, and returns of static buffers. One matcher, one callback each.
#include <clang/AST/ASTContext.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/ASTMatchers/ASTMatchers.h>

#include <optional>
#include <string_view>

#include "checker/instrument/lint/passes.hpp"
#include "checker/instrument/lint/tables.hpp"

namespace braid::lint {

namespace am = clang::ast_matchers;
using MatchResult = am::MatchFinder::MatchResult;

Site site_of(const clang::SourceManager& sm, clang::SourceLocation loc) {
  clang::PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(loc));
  if (p.isInvalid()) return {};
  return {display_path(p.getFilename()), p.getLine(), p.getColumn()};
}

namespace {

// why: "(anonymous namespace)::report" says nothing a reader needs; the name alone does.
std::string without_anonymous(std::string name) {
  constexpr std::string_view anonymous = "(anonymous namespace)::";
  for (auto at = name.find(anonymous); at != std::string::npos; at = name.find(anonymous))
    name.erase(at, anonymous.size());
  return name;
}

}  // namespace

std::string function_key(const clang::FunctionDecl& function) {
  if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function); method && method->getParent()->isLambda()) {
    Site s = site_of(function.getASTContext().getSourceManager(), method->getParent()->getLocation());
    return "lambda at " + s.file + ":" + std::to_string(s.line);
  }
  return without_anonymous(function.getQualifiedNameAsString());
}

std::string variable_name(const clang::VarDecl& var) {
  if (const auto* fn = llvm::dyn_cast<clang::FunctionDecl>(var.getDeclContext())) {
    return function_key(*fn) + "::" + var.getNameAsString();
  }
  return without_anonymous(var.getQualifiedNameAsString());
}

namespace {

// The function the matched statement bound as "fn" belongs to.
std::string caller_of(const MatchResult& r) { return function_key(*r.Nodes.getNodeAs<clang::FunctionDecl>("fn")); }

// A function of the C or C++ library (or POSIX): declared in a system header, or a builtin.
bool is_library(const clang::FunctionDecl& f, const clang::SourceManager& sm) {
  return f.getBuiltinID() != 0 || sm.isInSystemHeader(f.getCanonicalDecl()->getLocation());
}

// The function an expression names when it is passed as a thread entry or a handler: a function
// (or its address, maybe cast), a lambda, or a variable initialised with one of those.
std::optional<std::string> named_function(const clang::Expr* e) {
  for (int depth = 0; e != nullptr && depth < 8; ++depth) {
    e = e->IgnoreParenCasts()->IgnoreImplicit();
    if (const auto* u = llvm::dyn_cast<clang::UnaryOperator>(e); u && u->getOpcode() == clang::UO_AddrOf) {
      e = u->getSubExpr();
    } else if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(e)) {
      return function_key(*lambda->getCallOperator());
    } else if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
      if (const auto* f = llvm::dyn_cast<clang::FunctionDecl>(ref->getDecl())) return function_key(*f);
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      e = var != nullptr ? var->getInit() : nullptr;
    } else if (const auto* copy = llvm::dyn_cast<clang::CXXConstructExpr>(e); copy && copy->getNumArgs() == 1) {
      e = copy->getArg(0);  // a copy of a closure object
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Whether `s` is inside a loop of its own function: a thread started there may start many times.
bool inside_loop(clang::ASTContext& ctx, const clang::Stmt& s) {
  clang::DynTypedNodeList parents = ctx.getParents(s);
  while (!parents.empty()) {
    const clang::DynTypedNode& p = parents[0];
    if (p.get<clang::FunctionDecl>() != nullptr || p.get<clang::LambdaExpr>() != nullptr) return false;
    if (p.get<clang::ForStmt>() != nullptr || p.get<clang::WhileStmt>() != nullptr ||
        p.get<clang::DoStmt>() != nullptr || p.get<clang::CXXForRangeStmt>() != nullptr) {
      return true;
    }
    parents = ctx.getParents(p);
  }
  return false;
}

// Whether `container` is a container of threads (std::vector<std::thread>, ...).
bool holds_threads(clang::QualType container) {
  std::string type = container.getCanonicalType().getAsString();
  return type.find("std::thread") != std::string::npos || type.find("std::jthread") != std::string::npos ||
         type.find("braid::thread") != std::string::npos;
}

class FunctionPass : public am::MatchFinder::MatchCallback {
 public:
  explicit FunctionPass(Facts& facts) : facts_(facts) {}
  void run(const MatchResult& r) override { facts_.functions.push_back(caller_of(r)); }

 private:
  Facts& facts_;
};

// Every direct call: the edges of the call graph, and the library calls the checks look up.
class CallPass : public am::MatchFinder::MatchCallback {
 public:
  explicit CallPass(Facts& facts) : facts_(facts) {}
  void run(const MatchResult& r) override {
    const auto* call = r.Nodes.getNodeAs<clang::CallExpr>("call");
    const clang::FunctionDecl* callee = call->getDirectCallee();
    if (callee == nullptr) return;  // a call through a pointer: no edge we can name
    bool library = is_library(*callee, *r.SourceManager);
    // why: library functions are looked up in tables by their plain name; a method keeps its
    // class ("std::atomic<int>::store") so that the tables can tell atomics from the rest.
    std::string name =
        library && !llvm::isa<clang::CXXMethodDecl>(callee) ? callee->getNameAsString() : function_key(*callee);
    facts_.calls.push_back({caller_of(r), std::move(name), site_of(*r.SourceManager, call->getBeginLoc()), library});
  }

 private:
  Facts& facts_;
};

// Thread starts: pthread_create, thrd_create, and the constructors of the thread classes
// (directly or through emplace into a container of threads).
class ThreadStartPass : public am::MatchFinder::MatchCallback {
 public:
  explicit ThreadStartPass(Facts& facts) : facts_(facts) {}
  void run(const MatchResult& r) override {
    const clang::Expr* entry = nullptr;
    const clang::Stmt* start = nullptr;
    if (const auto* call = r.Nodes.getNodeAs<clang::CallExpr>("c_start")) {
      int arg = thread_entry_argument(call->getDirectCallee()->getName());
      if (arg < 0 || static_cast<unsigned>(arg) >= call->getNumArgs()) return;
      entry = call->getArg(static_cast<unsigned>(arg));
      start = call;
    } else if (const auto* ctor = r.Nodes.getNodeAs<clang::CXXConstructExpr>("ctor")) {
      entry = ctor->getArg(0);
      start = ctor;
    } else if (const auto* emplace = r.Nodes.getNodeAs<clang::CXXMemberCallExpr>("emplace")) {
      if (!holds_threads(emplace->getImplicitObjectArgument()->getType())) return;
      entry = emplace->getArg(0);
      start = emplace;
    }
    // An entry we cannot name (a function pointer) is kept with an empty name, so that the
    // command line can say what went unchecked.
    std::string name = named_function(entry).value_or("");
    facts_.starts.push_back({name, site_of(*r.SourceManager, start->getBeginLoc()), inside_loop(*r.Context, *start)});
  }

 private:
  Facts& facts_;
};

// Signal handlers: signal(SIG, h), `sa.sa_handler = h` / `sa.sa_sigaction = h`, and
// `struct sigaction sa = {.sa_handler = h}`.
class HandlerPass : public am::MatchFinder::MatchCallback {
 public:
  explicit HandlerPass(Facts& facts) : facts_(facts) {}
  void run(const MatchResult& r) override {
    const auto* handler = r.Nodes.getNodeAs<clang::Expr>("handler");
    std::optional<std::string> name = named_function(handler);
    if (!name) return;  // SIG_IGN, SIG_DFL, or a pointer we cannot follow
    facts_.handlers.push_back({*name, site_of(*r.SourceManager, handler->getBeginLoc())});
  }

 private:
  Facts& facts_;
};

// `return buf;` or `return &record;` where the object has static storage and is not const.
class StaticReturnPass : public am::MatchFinder::MatchCallback {
 public:
  explicit StaticReturnPass(Facts& facts) : facts_(facts) {}
  void run(const MatchResult& r) override {
    const auto* value = r.Nodes.getNodeAs<clang::Expr>("value");
    const clang::Expr* e = value->IgnoreParenCasts();
    bool address = false;
    if (const auto* u = llvm::dyn_cast<clang::UnaryOperator>(e); u && u->getOpcode() == clang::UO_AddrOf) {
      e = u->getSubExpr()->IgnoreParenCasts();
      address = true;
    }
    const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e);
    const auto* var = ref != nullptr ? llvm::dyn_cast<clang::VarDecl>(ref->getDecl()) : nullptr;
    if (var == nullptr || !var->hasGlobalStorage() || var->getType().isConstQualified()) return;
    if (!address && !var->getType()->isArrayType()) return;  // returns a copy of the value
    facts_.static_returns.push_back(
        {caller_of(r), variable_name(*var), site_of(*r.SourceManager, value->getBeginLoc())});
  }

 private:
  Facts& facts_;
};

template <typename Pass, typename Matcher>
void add(Passes& passes, Facts& facts, const Matcher& matcher) {
  passes.callbacks.push_back(std::make_unique<Pass>(facts));
  passes.finder.addMatcher(matcher, passes.callbacks.back().get());
}

}  // namespace

void add_call_passes(Passes& passes, Facts& facts) {
  using namespace clang::ast_matchers;  // why: matcher expressions are unreadable fully qualified
  auto user_code = unless(isExpansionInSystemHeader());
  auto in_fn = forCallable(functionDecl().bind("fn"));
  add<FunctionPass>(passes, facts, functionDecl(isDefinition(), user_code).bind("fn"));
  add<CallPass>(passes, facts, callExpr(user_code, in_fn).bind("call"));
  add<ThreadStartPass>(
      passes, facts,
      callExpr(user_code, callee(functionDecl(hasAnyName("pthread_create", "thrd_create")))).bind("c_start"));
  add<ThreadStartPass>(passes, facts,
                       cxxConstructExpr(user_code, argumentCountAtLeast(1),
                                        hasDeclaration(cxxConstructorDecl(
                                            unless(isCopyConstructor()), unless(isMoveConstructor()),
                                            ofClass(hasAnyName("::std::thread", "::std::jthread", "::braid::thread")))))
                           .bind("ctor"));
  add<ThreadStartPass>(passes, facts,
                       cxxMemberCallExpr(user_code, argumentCountAtLeast(1),
                                         callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace"))))
                           .bind("emplace"));
  add<HandlerPass>(passes, facts,
                   callExpr(user_code, callee(functionDecl(hasName("signal"))), argumentCountIs(2),
                            hasArgument(1, expr().bind("handler"))));
  add<HandlerPass>(passes, facts,
                   binaryOperator(user_code, isAssignmentOperator(),
                                  hasLHS(memberExpr(member(hasAnyName("sa_handler", "sa_sigaction")))),
                                  hasRHS(expr().bind("handler"))));
  add<HandlerPass>(
      passes, facts,
      declRefExpr(user_code, to(functionDecl()), hasAncestor(initListExpr(hasType(recordDecl(hasName("::sigaction"))))))
          .bind("handler"));
  add<StaticReturnPass>(passes, facts, returnStmt(user_code, in_fn, hasReturnValue(expr().bind("value"))));
}

}  // namespace braid::lint
