/* The init (PID 1) of an execution environment's PID namespace.
 *
 * localcloud starts a Lambda runtime as the second process of a PID namespace
 * of its own, under this program. It does two things, as any container init:
 * it reaps the processes the runtime's children leave behind (orphans in the
 * namespace become its children), and when the runtime ends it writes the
 * runtime's wait status to descriptor 3 and exits. The kernel then kills
 * whatever is still running in the namespace: processes a handler started
 * in a session of their own (`setsid`, Node's `detached`, Python's
 * `start_new_session`) end with their environment, as on AWS.
 *
 * Usage: environment_init RUNTIME_PID (the runtime's PID in the namespace).
 *
 * It runs in the place of a forked copy of localcloud, which would otherwise
 * hold a copy-on-write image of the server for the environment's lifetime,
 * so it is built freestanding, without a C library: a few hundred bytes of
 * code, embedded in localcloud and executed from a memory file. */

#if defined(__x86_64__)
enum { kWrite = 1, kWait4 = 61, kExitGroup = 231 };

static long sys3(long n, long a, long b, long c) {
  long r;
  __asm__ volatile("syscall"
                   : "=a"(r)
                   : "a"(n), "D"(a), "S"(b), "d"(c)
                   : "rcx", "r11", "memory");
  return r;
}

static long sys4(long n, long a, long b, long c, long d) {
  long r;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall"
                   : "=a"(r)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                   : "rcx", "r11", "memory");
  return r;
}

/* The kernel starts a program with the stack pointer at argc. */
__asm__(".text\n.globl _start\n_start:\n"
        "  xor %ebp, %ebp\n  mov %rsp, %rdi\n  and $-16, %rsp\n"
        "  call environment_init\n  hlt\n");

#elif defined(__aarch64__)
enum { kWrite = 64, kWait4 = 260, kExitGroup = 94 };

static long sys4(long n, long a, long b, long c, long d) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}

static long sys3(long n, long a, long b, long c) { return sys4(n, a, b, c, 0); }

__asm__(".text\n.globl _start\n_start:\n"
        "  mov x29, #0\n  mov x30, #0\n  mov x0, sp\n"
        "  bl environment_init\n  brk #0\n");

#else
#error "environment_init: no system call convention for this architecture"
#endif

enum { kStatusFd = 3, kWaitAll = 0x40000000 /* __WALL */, kEintr = 4 };

__attribute__((used, noreturn)) void environment_init(long* stack) {
  char** argv = (char**)(stack + 1);
  long runtime = 0;
  const char* digits = stack[0] > 1 ? argv[1] : "";
  for (; *digits >= '0' && *digits <= '9'; ++digits) runtime = runtime * 10 + (*digits - '0');

  for (;;) {
    int status = 0;
    long pid = sys4(kWait4, -1, (long)&status, kWaitAll, 0);
    if (pid == runtime) {
      sys3(kWrite, kStatusFd, (long)&status, sizeof status);
      break;
    }
    if (pid < 0 && pid != -kEintr) break; /* no children: nothing left to wait for */
  }
  sys3(kExitGroup, 0, 0, 0);
  for (;;) {
  }
}
