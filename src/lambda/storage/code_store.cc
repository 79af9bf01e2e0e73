#include "storage/code_store.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iterator>
#include <system_error>

#include "code/base64.h"
#include "code/sha256.h"
#include "code/zip_extractor.h"
#include "localcloud/core/ids.h"

namespace localcloud::lambda::storage {
namespace {

namespace fs = std::filesystem;

std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

bool is_hex_digest(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

// Absolute: execution environments run with their code directory as the
// working directory and get it as LAMBDA_TASK_ROOT, so a path relative to the
// server's directory (--data-dir .localcloud) would mean something else there.
CodeStore::CodeStore(fs::path root) : root_(fs::absolute(std::move(root)).lexically_normal()) {
  fs::create_directories(root_ / "functions");
  fs::create_directories(root_ / "staging");
  fs::create_directories(root_ / "trash");
}

CodeStore::~CodeStore() { janitor_.drain(); }

fs::path CodeStore::code_dir(std::string_view name, std::string_view hex) const {
  return root_ / "functions" / std::string(name) / std::string(hex);
}

fs::path CodeStore::zip_path(std::string_view name, std::string_view hex) const {
  return root_ / "functions" / std::string(name) / (std::string(hex) + ".zip");
}

model::CodeInfo CodeStore::identify(std::string_view zip) {
  code::Sha256Digest digest = code::sha256(zip);
  std::string_view bytes(reinterpret_cast<const char*>(digest.data()), digest.size());
  return model::CodeInfo{code::base64_encode(bytes), to_hex(bytes),
                         static_cast<int64_t>(zip.size())};
}

bool CodeStore::install(std::string_view name, const model::CodeInfo& info, std::string_view zip) {
  fs::path target = code_dir(name, info.hex);
  if (fs::is_directory(target) && fs::is_regular_file(zip_path(name, info.hex))) return false;
  fs::path staging = root_ / "staging" / ids::uuid4();
  fs::create_directories(staging);
  try {
    code::extract_zip(zip, staging / "code", code::ExtractLimits{});
    write_file(staging / "code.zip", zip);
    fs::create_directories(target.parent_path());
    fs::rename(staging / "code", target);
    fs::rename(staging / "code.zip", zip_path(name, info.hex));
  } catch (...) {
    janitor_.remove(staging);
    throw;
  }
  janitor_.remove(staging);
  return true;
}

void CodeStore::discard(std::string_view name, std::string_view hex) {
  trash(zip_path(name, hex));
  trash(code_dir(name, hex));
}

void CodeStore::discard_function(std::string_view name) {
  trash(root_ / "functions" / std::string(name));
}

void CodeStore::trash(const fs::path& path) {
  fs::path moved = root_ / "trash" / ids::uuid4();
  std::error_code ec;
  fs::rename(path, moved, ec);
  if (!ec) return janitor_.remove(moved);
  if (ec != std::errc::no_such_file_or_directory) janitor_.remove(path);
}

std::optional<std::string> CodeStore::read_zip(std::string_view name, std::string_view hex) const {
  if (!is_hex_digest(hex)) return std::nullopt;
  std::ifstream in(zip_path(name, hex), std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void CodeStore::sweep(const std::map<std::string, std::string>& live) {
  std::error_code ec;
  for (const char* scratch : {"staging", "trash"})
    for (const auto& entry : fs::directory_iterator(root_ / scratch, ec))
      janitor_.remove(entry.path());
  for (const auto& function_dir : fs::directory_iterator(root_ / "functions", ec)) {
    auto it = live.find(function_dir.path().filename().string());
    if (it == live.end()) {
      janitor_.remove(function_dir.path());
      continue;
    }
    for (const auto& entry : fs::directory_iterator(function_dir.path(), ec)) {
      std::string file = entry.path().filename().string();
      if (file != it->second && file != it->second + ".zip") janitor_.remove(entry.path());
    }
  }
  janitor_.drain();
}

}  // namespace localcloud::lambda::storage
