// The lockset pass: walks each function body in source order, keeping the locks held (taken by a
// lock call and not yet released by the matching unlock in the same body, or owned by a guard
// whose scope is open), and records every access to static storage and every lock taken while
// others are held. Intraprocedural and path-insensitive: after an if or a loop, a lock counts as
// held only when it is held on every way through that does not leave the function or the loop.
#include <clang/AST/ASTContext.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/PrettyPrinter.h>
#include <clang/AST/StmtCXX.h>
#include <clang/ASTMatchers/ASTMatchers.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "checker/instrument/lint/passes.hpp"
#include "checker/instrument/lint/tables.hpp"

namespace braid::lint {
namespace {

namespace am = clang::ast_matchers;

struct Held {
  std::string lock;
  Site site;
};

// What is known at a point of a body. invariant: `held` has each lock once, oldest first.
struct State {
  std::vector<Held> held;
  bool concurrent = true;  // false only in main before its first thread start or after a join
};

// The state after two ways through meet: locks held on both, concurrent if either was.
State meet(const State& a, const State& b) {
  State out;
  for (const Held& h : a.held) {
    if (std::any_of(b.held.begin(), b.held.end(), [&](const Held& x) { return x.lock == h.lock; }))
      out.held.push_back(h);
  }
  out.concurrent = a.concurrent || b.concurrent;
  return out;
}

bool type_has(clang::QualType t, std::initializer_list<const char*> words) {
  std::string written = t.getAsString();
  std::string canonical = t.getCanonicalType().getAsString();
  return std::any_of(words.begin(), words.end(), [&](const char* w) {
    return written.find(w) != std::string::npos || canonical.find(w) != std::string::npos;
  });
}

// Synchronisation objects and atomics: accessing them is not a data access the lockset judges.
bool is_sync_type(clang::QualType t) {
  return t->isAtomicType() || type_has(t, {"mutex", "pthread_", "mtx_t", "cnd_t", "thrd_t", "atomic", "once_flag",
                                           "condition_variable", "sem_t", "std::thread", "std::jthread", "braid::"});
}

bool is_guard_type(clang::QualType t) {
  return type_has(t, {"lock_guard<", "unique_lock<", "scoped_lock<", "shared_lock<"});
}

// Whether control cannot fall out of the end of `s` (it returns, breaks, continues, throws, or
// calls a function that does not return).
bool leaves(const clang::Stmt* s) {
  if (s == nullptr) return false;
  if (const auto* block = llvm::dyn_cast<clang::CompoundStmt>(s))
    return !block->body_empty() && leaves(block->body_back());
  if (llvm::isa<clang::ReturnStmt, clang::BreakStmt, clang::ContinueStmt, clang::GotoStmt>(s)) return true;
  if (const auto* e = llvm::dyn_cast<clang::Expr>(s)) {
    e = e->IgnoreImplicit();
    if (llvm::isa<clang::CXXThrowExpr>(e)) return true;
    const auto* call = llvm::dyn_cast<clang::CallExpr>(e);
    return call != nullptr && call->getDirectCallee() != nullptr && call->getDirectCallee()->isNoReturn();
  }
  return false;
}

// The variable an assignment target names: `g`, `g.field`, `g[i]`.
const clang::DeclRefExpr* target_of(const clang::Expr* e) {
  while (e != nullptr) {
    e = e->IgnoreParenImpCasts();
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) return ref;
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(e); member && !member->isArrow()) {
      e = member->getBase();
    } else if (const auto* index = llvm::dyn_cast<clang::ArraySubscriptExpr>(e)) {
      e = index->getBase();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

class LockWalker {
 public:
  LockWalker(clang::ASTContext& ctx, Facts& facts, std::string function, bool is_main)
      : ctx_(ctx), facts_(facts), function_(std::move(function)) {
    state_.concurrent = !is_main;
  }

  void walk(const clang::Stmt* s);

 private:
  void walk_children(const clang::Stmt* s) {
    for (const clang::Stmt* child : s->children()) walk(child);
  }
  void walk_block(const clang::CompoundStmt* block);
  void walk_if(const clang::IfStmt* s);
  void walk_loop(const clang::Stmt* body, std::initializer_list<const clang::Stmt*> head);
  void walk_call(const clang::CallExpr* call);
  void walk_method(const clang::CXXMemberCallExpr* call, const std::string& name);
  void mark_mutation(const clang::CallExpr* call);
  void walk_decl(const clang::VarDecl* var);
  void note_access(const clang::DeclRefExpr* ref);
  void mark_written(const clang::Expr* e) {
    if (const clang::DeclRefExpr* ref = target_of(e)) written_.insert(ref);
  }

  std::string lock_name(const clang::Expr* e) const;
  void acquire(const std::string& lock, clang::SourceLocation where);
  void release(const std::string& lock);

  clang::ASTContext& ctx_;
  Facts& facts_;
  std::string function_;
  State state_;
  std::vector<std::vector<const clang::VarDecl*>> scopes_;            // guards declared, per open block
  std::map<const clang::VarDecl*, std::vector<std::string>> guards_;  // guard -> the locks it owns
  std::set<const clang::DeclRefExpr*> written_;                       // references that are written
};

void LockWalker::walk(const clang::Stmt* s) {
  if (s == nullptr || llvm::isa<clang::LambdaExpr, clang::BlockExpr>(s)) return;  // bodies of their own
  if (const auto* block = llvm::dyn_cast<clang::CompoundStmt>(s)) return walk_block(block);
  if (const auto* branch = llvm::dyn_cast<clang::IfStmt>(s)) return walk_if(branch);
  if (const auto* loop = llvm::dyn_cast<clang::ForStmt>(s))
    return walk_loop(loop->getBody(), {loop->getInit(), loop->getCond(), loop->getInc()});
  if (const auto* loop = llvm::dyn_cast<clang::WhileStmt>(s)) return walk_loop(loop->getBody(), {loop->getCond()});
  if (const auto* loop = llvm::dyn_cast<clang::DoStmt>(s)) return walk_loop(loop->getBody(), {loop->getCond()});
  if (const auto* loop = llvm::dyn_cast<clang::CXXForRangeStmt>(s))
    return walk_loop(loop->getBody(), {loop->getRangeInit()});
  if (const auto* sw = llvm::dyn_cast<clang::SwitchStmt>(s))
    return walk_loop(sw->getBody(), {sw->getInit(), sw->getCond()});
  if (const auto* decl = llvm::dyn_cast<clang::DeclStmt>(s)) {
    for (const clang::Decl* d : decl->decls()) {
      if (const auto* var = llvm::dyn_cast<clang::VarDecl>(d)) walk_decl(var);
    }
    return;
  }
  if (const auto* op = llvm::dyn_cast<clang::BinaryOperator>(s); op && op->isAssignmentOp()) mark_written(op->getLHS());
  if (const auto* op = llvm::dyn_cast<clang::UnaryOperator>(s); op && op->isIncrementDecrementOp())
    mark_written(op->getSubExpr());
  if (const auto* call = llvm::dyn_cast<clang::CallExpr>(s)) return walk_call(call);
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(s)) return note_access(ref);
  if (const auto* ctor = llvm::dyn_cast<clang::CXXConstructExpr>(s)) {
    walk_children(s);
    if (type_has(ctor->getType(), {"std::thread", "std::jthread", "braid::thread"}) && ctor->getNumArgs() > 0 &&
        !ctor->getConstructor()->isCopyOrMoveConstructor()) {
      state_.concurrent = true;
    }
    return;
  }
  walk_children(s);
}

void LockWalker::walk_block(const clang::CompoundStmt* block) {
  scopes_.emplace_back();
  for (const clang::Stmt* s : block->body()) walk(s);
  // why: a guard's destructor releases its locks when its block ends (in reverse order).
  std::vector<const clang::VarDecl*> closing = std::move(scopes_.back());
  scopes_.pop_back();
  for (auto it = closing.rbegin(); it != closing.rend(); ++it) {
    for (const std::string& lock : guards_[*it]) release(lock);
  }
}

void LockWalker::walk_if(const clang::IfStmt* s) {
  walk(s->getInit());
  if (s->getConditionVariableDeclStmt() != nullptr) walk(s->getConditionVariableDeclStmt());
  walk(s->getCond());
  State before = state_;
  walk(s->getThen());
  State then = state_;
  state_ = before;
  walk(s->getElse());
  bool then_leaves = leaves(s->getThen());
  bool else_leaves = leaves(s->getElse());
  if (then_leaves && else_leaves) {
    state_ = before;
  } else if (else_leaves) {
    state_ = then;
  } else if (!then_leaves) {
    state_ = meet(then, state_);
  }
}

void LockWalker::walk_loop(const clang::Stmt* body, std::initializer_list<const clang::Stmt*> head) {
  for (const clang::Stmt* s : head) walk(s);
  State before = state_;
  walk(body);
  state_ = meet(before, state_);  // the body may run zero times, or break out half way
}

// why: a non-const method or operator called on a global may change it (g_list.push_back(x),
// g_map[k] = v): the reference is marked written before the walk reaches it.
void LockWalker::mark_mutation(const clang::CallExpr* call) {
  const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(call->getDirectCallee());
  if (method == nullptr || method->isConst() || method->isStatic()) return;
  if (const auto* member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call)) {
    mark_written(member->getImplicitObjectArgument());
  } else if (llvm::isa<clang::CXXOperatorCallExpr>(call) && call->getNumArgs() > 0) {
    mark_written(call->getArg(0));
  }
}

void LockWalker::walk_call(const clang::CallExpr* call) {
  mark_mutation(call);
  walk_children(call);
  const clang::FunctionDecl* callee = call->getDirectCallee();
  if (callee == nullptr || callee->getIdentifier() == nullptr) return;  // operators, calls through pointers
  std::string name = callee->getName().str();
  if (const auto* member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call)) {
    return walk_method(member, name);
  }
  if (LockEffect effect = c_lock_effect(name); effect != LockEffect::none && call->getNumArgs() > 0) {
    effect == LockEffect::acquire ? acquire(lock_name(call->getArg(0)), call->getBeginLoc())
                                  : release(lock_name(call->getArg(0)));
  } else if (thread_entry_argument(name) >= 0) {
    state_.concurrent = true;
  } else if (is_thread_join(name)) {
    state_.concurrent = false;
  }
}

// m.lock() / m.unlock() on a mutex, guard.lock() / guard.unlock() on a unique_lock, t.join().
void LockWalker::walk_method(const clang::CXXMemberCallExpr* call, const std::string& name) {
  const clang::Expr* object = call->getImplicitObjectArgument();
  if (name == "join" && type_has(object->getType(), {"thread"})) {
    state_.concurrent = false;
    return;
  }
  if (name != "lock" && name != "unlock") return;
  const clang::DeclRefExpr* ref = target_of(object);
  const auto* guard = ref != nullptr ? llvm::dyn_cast<clang::VarDecl>(ref->getDecl()) : nullptr;
  std::vector<std::string> locks;
  if (guard != nullptr && guards_.count(guard) != 0) {
    locks = guards_[guard];
  } else if (type_has(object->getType(), {"mutex"})) {
    locks.push_back(lock_name(object));
  }
  for (const std::string& lock : locks) name == "lock" ? acquire(lock, call->getBeginLoc()) : release(lock);
}

void LockWalker::walk_decl(const clang::VarDecl* var) {
  walk(var->getInit());
  const auto* ctor =
      llvm::dyn_cast_or_null<clang::CXXConstructExpr>(var->getInit() ? var->getInit()->IgnoreImplicit() : nullptr);
  if (ctor == nullptr || !is_guard_type(var->getType()) || scopes_.empty()) return;
  // why: unique_lock(m, std::defer_lock) does not lock yet, adopt_lock takes over a lock the
  // function already holds; both still release at the end of the scope when they own it.
  bool takes = true;
  std::vector<std::string> locks;
  for (const clang::Expr* arg : ctor->arguments()) {
    if (type_has(arg->getType(), {"defer_lock_t", "adopt_lock_t", "try_to_lock_t"})) {
      takes = false;
    } else {
      locks.push_back(lock_name(arg));
    }
  }
  if (takes) {
    for (const std::string& lock : locks) acquire(lock, var->getLocation());
  }
  guards_[var] = std::move(locks);
  scopes_.back().push_back(var);
}

void LockWalker::note_access(const clang::DeclRefExpr* ref) {
  const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  if (var == nullptr || !var->hasGlobalStorage() || var->getTLSKind() != clang::VarDecl::TLS_None) return;
  if (var->getType().isConstQualified() || is_sync_type(var->getType())) return;
  Access a{function_,
           variable_name(*var),
           site_of(ctx_.getSourceManager(), ref->getLocation()),
           written_.count(ref) != 0,
           state_.concurrent,
           {}};
  for (const Held& h : state_.held) a.locks.push_back(h.lock);
  facts_.accesses.push_back(std::move(a));
}

// A lock is named by the variable it is (`m`, `&m`), else by the expression (`&q->lock`).
std::string LockWalker::lock_name(const clang::Expr* e) const {
  e = e->IgnoreParenImpCasts();
  if (const auto* u = llvm::dyn_cast<clang::UnaryOperator>(e); u && u->getOpcode() == clang::UO_AddrOf) {
    e = u->getSubExpr()->IgnoreParenImpCasts();
  }
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
    if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) return variable_name(*var);
  }
  std::string text;
  llvm::raw_string_ostream out(text);
  e->printPretty(out, nullptr, clang::PrintingPolicy(ctx_.getLangOpts()));
  return out.str();
}

void LockWalker::acquire(const std::string& lock, clang::SourceLocation where) {
  auto same = [&](const Held& h) { return h.lock == lock; };
  if (std::any_of(state_.held.begin(), state_.held.end(), same)) return;  // a recursive lock: no new order
  Site site = site_of(ctx_.getSourceManager(), where);
  if (!state_.held.empty()) {
    Acquire a{function_, lock, site, {}, {}};
    for (const Held& h : state_.held) {
      a.held.push_back(h.lock);
      a.held_sites.push_back(h.site);
    }
    facts_.acquires.push_back(std::move(a));
  }
  state_.held.push_back({lock, site});
}

void LockWalker::release(const std::string& lock) {
  auto it = std::find_if(state_.held.begin(), state_.held.end(), [&](const Held& h) { return h.lock == lock; });
  if (it != state_.held.end()) state_.held.erase(it);
}

class LocksetPass : public am::MatchFinder::MatchCallback {
 public:
  explicit LocksetPass(Facts& facts) : facts_(facts) {}
  void run(const am::MatchFinder::MatchResult& r) override {
    const auto* fn = r.Nodes.getNodeAs<clang::FunctionDecl>("fn");
    bool is_main = fn->isMain();
    LockWalker(*r.Context, facts_, function_key(*fn), is_main).walk(fn->getBody());
  }

 private:
  Facts& facts_;
};

}  // namespace

void add_lock_passes(Passes& passes, Facts& facts) {
  using namespace clang::ast_matchers;  // why: matcher expressions are unreadable fully qualified
  passes.callbacks.push_back(std::make_unique<LocksetPass>(facts));
  passes.finder.addMatcher(functionDecl(isDefinition(), unless(isExpansionInSystemHeader())).bind("fn"),
                           passes.callbacks.back().get());
}

}  // namespace braid::lint
