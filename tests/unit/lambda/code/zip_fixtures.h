// Test fixtures for the extractor: zip archives built in memory, a scratch
// directory per test, and renderings of outcomes and trees as strings.
// Ordinary archives come from libzip's writer (ZipWriter); hostile ones
// that libzip will not write (sizes that lie, bombs sharing one deflate
// stream, DOS-made entries) are assembled by hand (raw_zip).
#pragma once

#include <stdlib.h>
#include <sys/stat.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "code/zip_extractor.h"

namespace localcloud::lambda::code::testing {

namespace fs = std::filesystem;

// libzip's writer into memory. Mode arguments are full st_mode values.
class ZipWriter {
 public:
  ZipWriter() {
    zip_error_init(&error_);
    source_ = zip_source_buffer_create(nullptr, 0, 0, &error_);
    zip_source_keep(source_);  // read back after zip_close
    archive_ = zip_open_from_source(source_, ZIP_TRUNCATE, &error_);
    if (archive_ == nullptr) throw std::runtime_error("zip_open_from_source");
  }
  ~ZipWriter() {
    if (archive_ != nullptr) zip_discard(archive_);
    zip_source_free(source_);
    zip_error_fini(&error_);
  }
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  ZipWriter& file(const std::string& name, std::string content, uint32_t mode = S_IFREG | 0644) {
    const std::string& kept = contents_.emplace_back(std::move(content));
    zip_source_t* data = zip_source_buffer(archive_, kept.data(), kept.size(), 0);
    zip_int64_t index = zip_file_add(archive_, name.c_str(), data, ZIP_FL_ENC_RAW);
    if (index < 0) throw std::runtime_error("zip_file_add " + name);
    zip_file_set_external_attributes(archive_, index, 0, ZIP_OPSYS_UNIX, mode << 16);
    return *this;
  }
  ZipWriter& dir(const std::string& name, uint32_t mode = S_IFDIR | 0755) {
    zip_int64_t index = zip_dir_add(archive_, name.c_str(), ZIP_FL_ENC_RAW);
    if (index < 0) throw std::runtime_error("zip_dir_add " + name);
    zip_file_set_external_attributes(archive_, index, 0, ZIP_OPSYS_UNIX, mode << 16);
    return *this;
  }
  ZipWriter& symlink(const std::string& name, std::string target) {
    return file(name, std::move(target), S_IFLNK | 0777);
  }

  // The archive's bytes; the writer is spent afterwards.
  std::string bytes() {
    if (zip_close(archive_) != 0) throw std::runtime_error(zip_strerror(archive_));
    archive_ = nullptr;
    zip_source_open(source_);
    zip_source_seek(source_, 0, SEEK_END);
    std::string out(static_cast<size_t>(zip_source_tell(source_)), '\0');
    zip_source_seek(source_, 0, SEEK_SET);
    zip_source_read(source_, out.data(), out.size());
    zip_source_close(source_);
    return out;
  }

 private:
  zip_error_t error_;
  zip_source_t* source_ = nullptr;
  zip_t* archive_ = nullptr;
  std::deque<std::string> contents_;  // libzip reads them at zip_close
};

// One entry of a hand-assembled archive. Both headers declare `size`,
// true or not.
struct RawEntry {
  std::string name;
  std::string stored;  // the bytes as stored: raw deflate when method is 8
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint16_t flags = 0;   // general purpose bits (bit 0: encrypted)
  uint32_t crc = 0;
  uint64_t size = 0;
  uint32_t unix_mode = S_IFREG | 0644;  // 0: made on DOS, no Unix attributes
};

inline RawEntry stored_entry(std::string name, std::string content,
                             uint32_t unix_mode = S_IFREG | 0644) {
  RawEntry entry{std::move(name), std::move(content), 0, 0, 0, 0, unix_mode};
  entry.crc = crc32(0, reinterpret_cast<const Bytef*>(entry.stored.data()),
                    static_cast<uInt>(entry.stored.size()));
  entry.size = entry.stored.size();
  return entry;
}

// `count` zero bytes, deflated by streaming a 1 MiB buffer: a 300 MB bomb
// costs about a second and 300 KB, never 300 MB of memory.
inline RawEntry deflated_zeros(std::string name, uint64_t count) {
  const std::string zeros(1 << 20, '\0');
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out;
  char buffer[1 << 16];
  uint32_t crc = crc32(0, nullptr, 0);
  uint64_t left = count;
  int flush = Z_NO_FLUSH;
  do {
    size_t chunk = static_cast<size_t>(std::min<uint64_t>(left, zeros.size()));
    left -= chunk;
    crc = crc32(crc, reinterpret_cast<const Bytef*>(zeros.data()), static_cast<uInt>(chunk));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = static_cast<uInt>(chunk);
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return RawEntry{std::move(name), std::move(out), 8, 0, crc, count, S_IFREG | 0644};
}

inline void put16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
inline void put32(std::string& out, uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

// A plain (non-zip64) archive of `entries`, in order.
inline std::string raw_zip(const std::vector<RawEntry>& entries) {
  constexpr uint32_t kDosDate = 0x21;  // 1980-01-01
  std::string out, central;
  for (const RawEntry& e : entries) {
    uint32_t offset = static_cast<uint32_t>(out.size());
    auto common = [&](std::string& h) {
      put16(h, 20);  // version needed: 2.0
      put16(h, e.flags);
      put16(h, e.method);
      put16(h, 0);  // time
      put16(h, kDosDate);
      put32(h, e.crc);
      put32(h, static_cast<uint32_t>(e.stored.size()));
      put32(h, static_cast<uint32_t>(e.size));
      put16(h, static_cast<uint32_t>(e.name.size()));
      put16(h, 0);  // extra length
    };
    put32(out, 0x04034b50);
    common(out);
    out += e.name;
    out += e.stored;

    put32(central, 0x02014b50);
    put16(central, e.unix_mode != 0 ? (3 << 8 | 20) : 20);  // made by: Unix or DOS
    common(central);
    put16(central, 0);  // comment length
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, e.unix_mode != 0 ? e.unix_mode << 16 : (e.name.ends_with('/') ? 0x10 : 0x20));
    put32(central, offset);
    central += e.name;
  }
  uint32_t central_offset = static_cast<uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<uint32_t>(entries.size()));
  put16(out, static_cast<uint32_t>(entries.size()));
  put32(out, static_cast<uint32_t>(central.size()));
  put32(out, central_offset);
  put16(out, 0);
  return out;
}

// A fresh directory per test; `target` (inside it, not yet existing) is
// where packages go, so "nothing written outside" means "sandbox holds
// nothing but target".
class Sandbox {
 public:
  Sandbox() {
    std::string pattern = (fs::temp_directory_path() / "lc-zip-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    root_ = pattern;
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const fs::path& root() const { return root_; }
  fs::path target() const { return root_ / "code"; }

  // Names directly in the sandbox, sorted: after a refusal, "".
  std::string listing() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(root_)) {
      names.insert(entry.path().filename().string());
    }
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : " ") + name;
    return out;
  }

 private:
  fs::path root_;
};

// "ok" or "<status> <code>: <message>" for extracting `zip` into `target`.
inline std::string outcome(std::string_view zip, const fs::path& target,
                           const ExtractLimits& limits = {}) {
  try {
    extract_zip(zip, target, limits);
    return "ok";
  } catch (const AwsError& e) {
    return std::to_string(e.status()) + " " + e.code() + ": " + e.message();
  }
}

// One line per item below `root`, sorted: "<path> <mode>" plus " <size>"
// for files, "/" after directories, " -> <target>" for symlinks.
inline std::string render_tree(const fs::path& root) {
  std::vector<std::string> lines;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    struct stat st;
    lstat(entry.path().c_str(), &st);
    std::string line = entry.path().lexically_relative(root).string();
    char mode[8];
    snprintf(mode, sizeof mode, "%o", st.st_mode & 07777);
    if (S_ISLNK(st.st_mode)) {
      line += " -> " + fs::read_symlink(entry.path()).string();
    } else if (S_ISDIR(st.st_mode)) {
      line += std::string("/ ") + mode;
    } else {
      line += std::string(" ") + mode + " " + std::to_string(st.st_size);
    }
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

inline constexpr char kCouldNotUnzip[] =
    "400 InvalidParameterValueException: Could not unzip uploaded file. Please check your "
    "file, then try to upload again.";
inline constexpr char kUnzippedTooLarge[] =
    "400 InvalidParameterValueException: Unzipped size must be smaller than 262144000 bytes";
inline constexpr char kEmptyZip[] =
    "400 InvalidParameterValueException: Uploaded file must be a non-empty zip";

}  // namespace localcloud::lambda::code::testing
