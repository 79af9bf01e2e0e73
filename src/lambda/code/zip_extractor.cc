#include "code/zip_extractor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "code/dir_tree.h"
#include "code/package_paths.h"
#include "errors.h"

namespace localcloud::lambda::code {
namespace {

// AWS's texts, as Lambda returns them (InvalidParameterValueException, 400,
// "Type":"User").
constexpr char kCouldNotUnzip[] =
    "Could not unzip uploaded file. Please check your file, then try to upload again.";
constexpr char kEmptyZip[] = "Uploaded file must be a non-empty zip";

// Steps allowed for resolving all symlinks of one package: real packages
// need a few thousand at most (node_modules/.bin).
constexpr size_t kResolveBudget = 200'000;
constexpr size_t kChunkBytes = 64 * 1024;

AwsError could_not_unzip() { return lambda::errors::invalid_parameter(kCouldNotUnzip); }

AwsError unzipped_too_large(uint64_t limit) {
  return lambda::errors::invalid_parameter("Unzipped size must be smaller than " +
                                           std::to_string(limit) + " bytes");
}

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

struct EntryCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

Archive open_archive(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    throw std::bad_alloc();
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    throw could_not_unzip();
  }
  return Archive(archive);
}

enum class Kind { kFile, kDir, kSymlink };

struct Entry {
  zip_uint64_t index;
  PackagePath path;
  Kind kind;
  mode_t mode;
  uint64_t size;  // as declared by the archive
};

// What pass one learned: the entries to write, in archive order, and the
// symlink targets (read, checked) by link path.
struct Plan {
  std::vector<Entry> entries;
  SymlinkMap links;
};

// Inflates one entry into `sink` chunk by chunk, holding it to its declared
// size by the bytes actually produced, and `total` (the package so far)
// under `limit`. A lying entry is stopped one byte past its claim.
template <class Sink>
void inflate(zip_t* archive, const Entry& entry, uint64_t& total, uint64_t limit, Sink&& sink) {
  std::unique_ptr<zip_file_t, EntryCloser> file(zip_fopen_index(archive, entry.index, 0));
  if (!file) throw could_not_unzip();
  // Asking for one byte more than remains is how a lie shows.
  auto one_past = [&](uint64_t remaining, uint64_t cap) {
    return remaining >= cap ? cap : remaining + 1;
  };
  std::vector<char> buffer(static_cast<size_t>(one_past(entry.size, kChunkBytes)));
  uint64_t produced = 0;
  while (true) {
    uint64_t want = one_past(entry.size - produced, buffer.size());
    zip_int64_t n = zip_fread(file.get(), buffer.data(), want);
    if (n < 0) throw could_not_unzip();  // corrupt data, CRC mismatch, truncation
    if (n == 0) break;
    produced += static_cast<uint64_t>(n);
    if (produced > entry.size) throw could_not_unzip();
    total += static_cast<uint64_t>(n);
    if (total >= limit) throw unzipped_too_large(limit);
    sink(buffer.data(), static_cast<size_t>(n));
  }
  if (produced != entry.size) throw could_not_unzip();
}

// The entry's Unix mode, or nullopt when the archive was not made on Unix
// (or says nothing).
std::optional<mode_t> unix_mode(zip_t* archive, zip_uint64_t index) {
  zip_uint8_t opsys = 0;
  zip_uint32_t attributes = 0;
  if (zip_file_get_external_attributes(archive, index, 0, &opsys, &attributes) != 0) {
    throw could_not_unzip();
  }
  mode_t mode = attributes >> 16;
  if (opsys != ZIP_OPSYS_UNIX || mode == 0) return std::nullopt;
  return mode;
}

Entry describe(zip_t* archive, zip_uint64_t index) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  constexpr zip_uint64_t kNeeded =
      ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
  if (zip_stat_index(archive, index, ZIP_FL_ENC_RAW, &stat) != 0 ||
      (stat.valid & kNeeded) != kNeeded || stat.encryption_method != ZIP_EM_NONE ||
      !zip_compression_method_supported(stat.comp_method, 0)) {
    throw could_not_unzip();
  }
  auto name = parse_entry_name(stat.name);
  if (!name) throw could_not_unzip();

  std::optional<mode_t> mode = unix_mode(archive, index);
  Kind kind = name->is_dir ? Kind::kDir : Kind::kFile;
  switch (mode ? (*mode & S_IFMT) : 0) {
    case 0:
    case S_IFREG:
      break;
    case S_IFDIR:
      kind = Kind::kDir;
      break;
    case S_IFLNK:
      if (name->is_dir) throw could_not_unzip();
      kind = Kind::kSymlink;
      break;
    default:  // devices, FIFOs, sockets
      throw could_not_unzip();
  }
  mode_t kept = kind == Kind::kDir ? (mode ? (*mode & 0755) | 0700 : 0755)
                                   : (mode ? (*mode & 0755) | 0600 : 0644);
  return Entry{index, std::move(name->path), kind, kept, kind == Kind::kDir ? 0 : stat.size};
}

uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

// Pass one: everything decidable before writing a byte.
Plan make_plan(zip_t* archive, const ExtractLimits& limits) {
  zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0 || static_cast<uint64_t>(count) > limits.max_entries) throw could_not_unzip();

  Plan plan;
  std::map<std::string, Kind> kinds;  // by joined path
  uint64_t declared = 0;
  bool has_files = false;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    Entry entry = describe(archive, i);
    if (entry.path.empty()) continue;  // "./": the root itself
    auto [seen, fresh] = kinds.emplace(join(entry.path), entry.kind);
    if (!fresh) {
      // The same directory listed twice is harmless; anything else would
      // overwrite, and which copy wins differs between unzippers.
      if (entry.kind == Kind::kDir && seen->second == Kind::kDir) continue;
      throw could_not_unzip();
    }
    if (entry.kind != Kind::kDir) {
      has_files = true;
      declared = saturating_add(declared, entry.size);
    }
    plan.entries.push_back(std::move(entry));
  }
  if (!has_files) throw lambda::errors::invalid_parameter(kEmptyZip);
  // A bomb that declares its sizes honestly costs nothing to refuse.
  if (declared >= limits.max_unzipped_bytes) throw unzipped_too_large(limits.max_unzipped_bytes);

  // Every entry's ancestors must be directories: "a/b" below a file "a" or
  // a symlink "a" would fail, or be written through the link.
  for (const Entry& entry : plan.entries) {
    std::string prefix;
    for (size_t k = 0; k + 1 < entry.path.size(); ++k) {
      if (k > 0) prefix.push_back('/');
      prefix += entry.path[k];
      auto it = kinds.find(prefix);
      if (it != kinds.end() && it->second != Kind::kDir) throw could_not_unzip();
    }
  }

  uint64_t target_bytes = 0;
  for (const Entry& entry : plan.entries) {
    if (entry.kind != Kind::kSymlink) continue;
    if (entry.size > kMaxNameBytes) throw could_not_unzip();
    std::string target;
    inflate(archive, entry, target_bytes, limits.max_unzipped_bytes,
            [&](const char* data, size_t size) { target.append(data, size); });
    plan.links.emplace(join(entry.path), std::move(target));
  }
  size_t budget = kResolveBudget;
  for (const Entry& entry : plan.entries) {
    if (entry.kind == Kind::kSymlink && !symlink_stays_inside(entry.path, plan.links, budget)) {
      throw could_not_unzip();
    }
  }
  return plan;
}

// Filesystem errors that only a strange archive can provoke (names too
// long for the filesystem, a name the filesystem rejects); the rest (disk
// full, I/O, permissions) are the server's.
bool caused_by_archive(const std::error_code& code) {
  static const std::errc kArchiveErrors[] = {
      std::errc::file_exists,         std::errc::not_a_directory,
      std::errc::too_many_symbolic_link_levels, std::errc::filename_too_long,
      std::errc::is_a_directory,      std::errc::invalid_argument,
      std::errc::illegal_byte_sequence, std::errc::too_many_links};
  return std::any_of(std::begin(kArchiveErrors), std::end(kArchiveErrors),
                     [&](std::errc e) { return code == e; });
}

void check(int rc, const char* what) {
  if (rc != 0) throw std::system_error(errno, std::generic_category(), what);
}

void write_entry(zip_t* archive, const Plan& plan, const Entry& entry, int parent,
                 const ExtractLimits& limits, ExtractResult& result) {
  const std::string& leaf = entry.path.back();
  switch (entry.kind) {
    case Kind::kDir: {
      Fd dir = open_or_make_dir(parent, leaf, entry.mode);
      check(::fchmod(dir.get(), entry.mode), "fchmod");
      return;
    }
    case Kind::kFile: {
      Fd file = create_file(parent, leaf);
      inflate(archive, entry, result.bytes, limits.max_unzipped_bytes,
              [&](const char* data, size_t size) { write_all(file.get(), data, size); });
      check(::fchmod(file.get(), entry.mode), "fchmod");
      file.close_checked();
      ++result.files;
      return;
    }
    case Kind::kSymlink: {
      const std::string& target = plan.links.at(join(entry.path));
      result.bytes += target.size();
      if (result.bytes >= limits.max_unzipped_bytes) {
        throw unzipped_too_large(limits.max_unzipped_bytes);
      }
      check(::symlinkat(target.c_str(), parent, leaf.c_str()), "symlinkat");
      ++result.files;
      return;
    }
  }
}

// Pass two: writes the planned entries below `root`.
ExtractResult write_entries(zip_t* archive, const Plan& plan, int root,
                            const ExtractLimits& limits) {
  ExtractResult result;
  DirWalker walker(root);
  for (const Entry& entry : plan.entries) {
    try {
      int parent = walker.enter(std::span<const std::string>(entry.path).first(entry.path.size() - 1));
      write_entry(archive, plan, entry, parent, limits, result);
    } catch (const std::system_error& e) {
      if (caused_by_archive(e.code())) throw could_not_unzip();
      throw;
    }
  }
  return result;
}

}  // namespace

ExtractResult extract_zip(std::string_view zip_bytes, const std::filesystem::path& target_dir,
                          const ExtractLimits& limits) {
  if (zip_bytes.size() > limits.max_zip_bytes) throw request_too_large(limits.operation);
  if (zip_bytes.empty()) throw lambda::errors::invalid_parameter(kEmptyZip);
  Archive archive = open_archive(zip_bytes);
  Plan plan = make_plan(archive.get(), limits);

  std::filesystem::path target = target_dir.lexically_normal();
  if (!target.has_filename()) target = target.parent_path();
  std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw std::invalid_argument("extract_zip: target directory has no name: " + target_dir.string());
  }
  std::filesystem::path parent_path = target.has_parent_path() ? target.parent_path() : ".";
  Fd parent(::open(parent_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (parent.get() < 0) {
    throw std::system_error(errno, std::generic_category(), "open " + parent_path.string());
  }
  // Made owner-only until its mode is set: mkdir's mode is subject to umask.
  if (::mkdirat(parent.get(), name.c_str(), 0700) != 0) {
    throw std::system_error(errno, std::generic_category(), "mkdir " + target.string());
  }
  try {
    Fd root(::openat(parent.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (root.get() < 0) throw std::system_error(errno, std::generic_category(), "open target");
    check(::fchmod(root.get(), 0755), "fchmod");
    return write_entries(archive.get(), plan, root.get(), limits);
  } catch (...) {
    remove_tree(parent.get(), name);
    throw;
  }
}

AwsError request_too_large(std::string_view operation) {
  return lambda::errors::request_entity_too_large("Request must be smaller than " +
                                                  std::to_string(kMaxRequestBytes) +
                                                  " bytes for the " + std::string(operation) +
                                                  " operation");
}

}  // namespace localcloud::lambda::code
