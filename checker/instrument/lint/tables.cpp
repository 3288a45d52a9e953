#include "checker/instrument/lint/tables.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace braid::lint {
namespace {

// invariant: sorted by name (find_nonreentrant searches it with a binary search).
constexpr std::array kNonReentrant = {
    NonReentrant{"asctime", "returns a pointer to a static buffer", "asctime_r"},
    NonReentrant{"basename", "may return a pointer to a static buffer", ""},
    NonReentrant{"crypt", "returns a pointer to a static buffer", "crypt_r"},
    NonReentrant{"ctime", "returns a pointer to a static buffer", "ctime_r"},
    NonReentrant{"dirname", "may return a pointer to a static buffer", ""},
    NonReentrant{"drand48", "keeps its state in a hidden global", "erand48"},
    NonReentrant{"ecvt", "returns a pointer to a static buffer", "ecvt_r"},
    NonReentrant{"fcvt", "returns a pointer to a static buffer", "fcvt_r"},
    NonReentrant{"getenv", "reads the environment, which setenv changes without a lock", ""},
    NonReentrant{"getgrgid", "returns a pointer to a static record", "getgrgid_r"},
    NonReentrant{"getgrnam", "returns a pointer to a static record", "getgrnam_r"},
    NonReentrant{"gethostbyaddr", "returns a pointer to a static record", "getnameinfo"},
    NonReentrant{"gethostbyname", "returns a pointer to a static record", "getaddrinfo"},
    NonReentrant{"getlogin", "returns a pointer to a static buffer", "getlogin_r"},
    NonReentrant{"getopt", "keeps its position in globals (optind, optarg)", ""},
    NonReentrant{"getpwnam", "returns a pointer to a static record", "getpwnam_r"},
    NonReentrant{"getpwuid", "returns a pointer to a static record", "getpwuid_r"},
    NonReentrant{"gmtime", "returns a pointer to a static struct tm", "gmtime_r"},
    NonReentrant{"inet_ntoa", "returns a pointer to a static buffer", "inet_ntop"},
    NonReentrant{"localeconv", "returns a pointer to a static record", ""},
    NonReentrant{"localtime", "returns a pointer to a static struct tm", "localtime_r"},
    NonReentrant{"lrand48", "keeps its state in a hidden global", "nrand48"},
    NonReentrant{"mblen", "keeps its shift state in a hidden global", "mbrlen"},
    NonReentrant{"mbtowc", "keeps its shift state in a hidden global", "mbrtowc"},
    NonReentrant{"mrand48", "keeps its state in a hidden global", "jrand48"},
    NonReentrant{"ptsname", "returns a pointer to a static buffer", "ptsname_r"},
    NonReentrant{"putenv", "changes the environment without a lock", ""},
    NonReentrant{"rand", "keeps its seed in a hidden global", "rand_r"},
    NonReentrant{"random", "keeps its state in a hidden global", "random_r"},
    NonReentrant{"readdir", "may return a pointer to storage shared by calls", "readdir_r"},
    NonReentrant{"setenv", "changes the environment without a lock", ""},
    NonReentrant{"setlocale", "changes process-wide state and returns a static buffer", "uselocale"},
    NonReentrant{"srand", "sets the hidden seed of rand", "rand_r"},
    NonReentrant{"srand48", "sets the hidden state of drand48", "seed48_r"},
    NonReentrant{"strerror", "may return a pointer to a static buffer", "strerror_r"},
    NonReentrant{"strsignal", "may return a pointer to a static buffer", ""},
    NonReentrant{"strtok", "keeps its position in a hidden static pointer", "strtok_r"},
    NonReentrant{"tmpnam", "returns a pointer to a static buffer", "mkstemp"},
    NonReentrant{"ttyname", "returns a pointer to a static buffer", "ttyname_r"},
    NonReentrant{"unsetenv", "changes the environment without a lock", ""},
    NonReentrant{"wctomb", "keeps its shift state in a hidden global", "wcrtomb"},
};

// POSIX.1-2017, 2.4.3 "Signal Actions": the async-signal-safe functions.
// invariant: sorted (is_async_signal_safe searches it with a binary search).
constexpr std::string_view kSignalSafe[] = {
    "_Exit",
    "_exit",
    "abort",
    "accept",
    "access",
    "aio_error",
    "aio_return",
    "aio_suspend",
    "alarm",
    "bind",
    "cfgetispeed",
    "cfgetospeed",
    "cfsetispeed",
    "cfsetospeed",
    "chdir",
    "chmod",
    "chown",
    "clock_gettime",
    "close",
    "connect",
    "creat",
    "dup",
    "dup2",
    "execl",
    "execle",
    "execv",
    "execve",
    "faccessat",
    "fchdir",
    "fchmod",
    "fchmodat",
    "fchown",
    "fchownat",
    "fcntl",
    "fdatasync",
    "fexecve",
    "ffs",
    "fork",
    "fstat",
    "fstatat",
    "fsync",
    "ftruncate",
    "futimens",
    "getegid",
    "geteuid",
    "getgid",
    "getgroups",
    "getpeername",
    "getpgrp",
    "getpid",
    "getppid",
    "getsockname",
    "getsockopt",
    "getuid",
    "htonl",
    "htons",
    "kill",
    "link",
    "linkat",
    "listen",
    "longjmp",
    "lseek",
    "lstat",
    "memccpy",
    "memchr",
    "memcmp",
    "memcpy",
    "memmove",
    "memset",
    "mkdir",
    "mkdirat",
    "mkfifo",
    "mkfifoat",
    "mknod",
    "mknodat",
    "ntohl",
    "ntohs",
    "open",
    "openat",
    "pause",
    "pipe",
    "poll",
    "posix_trace_event",
    "pselect",
    "pthread_kill",
    "pthread_self",
    "pthread_sigmask",
    "raise",
    "read",
    "readlink",
    "readlinkat",
    "recv",
    "recvfrom",
    "recvmsg",
    "rename",
    "renameat",
    "rmdir",
    "select",
    "sem_post",
    "send",
    "sendmsg",
    "sendto",
    "setgid",
    "setpgid",
    "setsid",
    "setsockopt",
    "setuid",
    "shutdown",
    "sigaction",
    "sigaddset",
    "sigdelset",
    "sigemptyset",
    "sigfillset",
    "sigismember",
    "siglongjmp",
    "signal",
    "sigpause",
    "sigpending",
    "sigprocmask",
    "sigqueue",
    "sigset",
    "sigsuspend",
    "sleep",
    "sockatmark",
    "socket",
    "socketpair",
    "stat",
    "stpcpy",
    "stpncpy",
    "strcat",
    "strchr",
    "strcmp",
    "strcpy",
    "strcspn",
    "strlen",
    "strncat",
    "strncmp",
    "strncpy",
    "strnlen",
    "strpbrk",
    "strrchr",
    "strspn",
    "strstr",
    "strtok_r",
    "symlink",
    "symlinkat",
    "tcdrain",
    "tcflow",
    "tcflush",
    "tcgetattr",
    "tcgetpgrp",
    "tcsendbreak",
    "tcsetattr",
    "tcsetpgrp",
    "time",
    "timer_getoverrun",
    "timer_gettime",
    "timer_settime",
    "times",
    "umask",
    "uname",
    "unlink",
    "unlinkat",
    "utime",
    "utimensat",
    "utimes",
    "wait",
    "wait3",
    "wait4",
    "waitid",
    "waitpid",
    "wcpcpy",
    "wcpncpy",
    "wcscat",
    "wcschr",
    "wcscmp",
    "wcscpy",
    "wcscspn",
    "wcslen",
    "wcsncat",
    "wcsncmp",
    "wcsncpy",
    "wcsnlen",
    "wcspbrk",
    "wcsrchr",
    "wcsspn",
    "wcsstr",
    "wcstok",
    "write",
};

static_assert(std::is_sorted(kNonReentrant.begin(), kNonReentrant.end(),
                             [](const NonReentrant& a, const NonReentrant& b) { return a.name < b.name; }));
static_assert(std::is_sorted(std::begin(kSignalSafe), std::end(kSignalSafe)));

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

const NonReentrant* find_nonreentrant(std::string_view name) {
  auto it = std::lower_bound(kNonReentrant.begin(), kNonReentrant.end(), name,
                             [](const NonReentrant& e, std::string_view n) { return e.name < n; });
  return it != kNonReentrant.end() && it->name == name ? &*it : nullptr;
}

bool is_async_signal_safe(std::string_view name) {
  // why: the compiler's builtins (__builtin_memcpy) and atomic operations (__atomic_load_n,
  // atomic_store, which expand to __c11_atomic_*, and the members of std::atomic, whose
  // lock-free specialisations the handler needs) touch no lock and no hidden state.
  if (starts_with(name, "__builtin_") || starts_with(name, "__atomic_") || starts_with(name, "__c11_atomic_") ||
      starts_with(name, "__sync_") || starts_with(name, "atomic_") || starts_with(name, "std::atomic") ||
      starts_with(name, "std::__atomic")) {
    return true;
  }
  return std::binary_search(std::begin(kSignalSafe), std::end(kSignalSafe), name);
}

LockEffect c_lock_effect(std::string_view name) {
  constexpr std::array<std::string_view, 5> acquire = {"mtx_lock", "pthread_mutex_lock", "pthread_rwlock_rdlock",
                                                       "pthread_rwlock_wrlock", "pthread_spin_lock"};
  constexpr std::array<std::string_view, 4> release = {"mtx_unlock", "pthread_mutex_unlock", "pthread_rwlock_unlock",
                                                       "pthread_spin_unlock"};
  if (std::find(acquire.begin(), acquire.end(), name) != acquire.end()) return LockEffect::acquire;
  if (std::find(release.begin(), release.end(), name) != release.end()) return LockEffect::release;
  return LockEffect::none;
}

int thread_entry_argument(std::string_view name) {
  if (name == "pthread_create") return 2;
  if (name == "thrd_create") return 1;
  return -1;
}

bool is_thread_join(std::string_view name) { return name == "pthread_join" || name == "thrd_join"; }

}  // namespace braid::lint
