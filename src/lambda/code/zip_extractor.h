// Unpacks a Lambda deployment package (the zip bytes of CreateFunction or
// UpdateFunctionCode, base64-decoded) into a new directory, treating the
// archive as hostile:
//   - sizes: the zip itself, the total unzipped size (Lambda's 250 MB) and
//     the entry count are capped. Sizes the archive declares are summed up
//     front (a bomb that tells the truth is refused before anything is
//     written) and every entry is then held to its declared size by the
//     bytes actually inflated, so a lying entry stops within one buffer.
//   - names: absolute paths, ".." components, backslashes, NUL bytes and
//     duplicate names refuse the whole package (see package_paths.h).
//   - symlinks (Unix mode S_IFLNK) are created only when their target,
//     resolved through the package's other symlinks, stays inside the
//     directory; an entry stored below a symlink is refused.
//   - writes go through directory descriptors with O_NOFOLLOW | O_EXCL, so
//     no earlier entry can redirect a later one.
//   - Unix permission bits are kept, masked: files (mode & 0755) | 0600,
//     directories (mode & 0755) | 0700, so no setuid/setgid/sticky or
//     group/world-writable bits, and the owner can always read and clean
//     up. Entries without Unix attributes get 0644 and 0755. An executable
//     `bootstrap` stays executable.
//   - other entry types (devices, FIFOs), encrypted entries and unsupported
//     compression methods refuse the package.
// Errors the archive causes are thrown as AwsError with AWS's codes and
// texts; server-side failures (disk full, permissions of the data
// directory) as std::system_error. Either way, nothing remains.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "localcloud/core/aws_error.h"

namespace localcloud::lambda::code {

// Lambda's documented quotas: 50 MB zipped for a direct upload, 250 MB
// unzipped.
inline constexpr uint64_t kMaxZipBytes = 52'428'800;
inline constexpr uint64_t kMaxUnzippedBytes = 262'144'000;
// Not an AWS quota: bounds the inodes and syscalls one upload may cost,
// while leaving room for a large node_modules tree.
inline constexpr uint64_t kMaxEntries = 100'000;
// The request body size AWS names in its 413 for CreateFunction and
// UpdateFunctionCode (a 50 MB zip, base64-encoded, plus the JSON around it).
inline constexpr uint64_t kMaxRequestBytes = 70'167'211;

struct ExtractLimits {
  uint64_t max_zip_bytes = kMaxZipBytes;
  // Refused when the total reaches this ("must be smaller than").
  uint64_t max_unzipped_bytes = kMaxUnzippedBytes;
  uint64_t max_entries = kMaxEntries;
  // The operation named in the 413 message; must outlive the call.
  std::string_view operation = "CreateFunction";
};

struct ExtractResult {
  uint64_t files = 0;  // regular files and symlinks written
  uint64_t bytes = 0;  // their contents (symlinks: target length): the unzipped size
};

// Extracts `zip_bytes` into `target_dir`, which must not exist and whose
// parent must; it is created with mode 0755. Refusals (AwsError):
//   413 RequestEntityTooLargeException "Request must be smaller than
//       70167211 bytes for the <operation> operation" (zip over max_zip_bytes)
//   400 InvalidParameterValueException
//       "Uploaded file must be a non-empty zip" (0 bytes, or no file entries)
//       "Unzipped size must be smaller than 262144000 bytes" (the limit)
//       "Could not unzip uploaded file. Please check your file, then try to
//        upload again." (not a zip, corrupt, or any rule above broken)
// On any exception target_dir does not exist afterwards. A process killed
// mid-way can leave a partial target_dir: extract into a staging location
// and rename it into place. Thread-safe for distinct target directories.
ExtractResult extract_zip(std::string_view zip_bytes, const std::filesystem::path& target_dir,
                          const ExtractLimits& limits = {});

// AWS's 413 for an oversized code upload, for the API layer to apply to
// the request body (over kMaxRequestBytes), as AWS does before decoding.
AwsError request_too_large(std::string_view operation);

}  // namespace localcloud::lambda::code
