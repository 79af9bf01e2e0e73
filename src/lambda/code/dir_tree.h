// Filesystem steps of the zip extractor, made relative to directory
// descriptors and never through a symlink (O_NOFOLLOW at every component),
// so nothing an archive created earlier can redirect a later write outside
// the tree. Failures throw std::system_error carrying errno; the extractor
// decides which of those the archive caused.
#pragma once

#include <sys/types.h>

#include <span>
#include <string>
#include <vector>

namespace localcloud::lambda::code {

// Owns one file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();
  // Closes now and throws if close reports an error (a write that failed late).
  void close_checked();

 private:
  int fd_ = -1;
};

// Opens the directory `name` in `parent`, making it first if missing (mode
// `mode`, exactly: the umask does not apply). A symlink or a non-directory
// there fails with ELOOP or ENOTDIR.
Fd open_or_make_dir(int parent, const std::string& name, mode_t mode);

// Creates the regular file `name` in `parent` for writing; fails with
// EEXIST if anything, a symlink included, is there already.
Fd create_file(int parent, const std::string& name);

// Writes all of `data`, retrying short writes.
void write_all(int fd, const char* data, size_t size);

// Descends to directories below a root, making missing ones (0755), and
// keeps the last path open: archives list siblings together, so most entries
// reuse their predecessor's descriptors. Holds at most one descriptor per
// path component. Not thread-safe.
class DirWalker {
 public:
  explicit DirWalker(int root_fd) : root_(root_fd) {}  // root not owned
  // The descriptor of root/dirs[0]/.../dirs[n-1], valid until the next call.
  int enter(std::span<const std::string> dirs);

 private:
  int root_;
  std::vector<std::string> names_;
  std::vector<Fd> fds_;
};

// Removes `name` in `parent` and, if it is a directory, everything below it,
// without following symlinks. Best effort: errors are ignored, since it runs
// while another error is on its way to the caller.
void remove_tree(int parent, const std::string& name) noexcept;

}  // namespace localcloud::lambda::code
