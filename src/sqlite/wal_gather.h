// A VFS over SQLite's unix-excl whose WAL files write each commit at once.
//
// SQLite appends a WAL frame as two writes, its 24-byte header and then the
// page, so a commit of n pages costs 2n pwrite calls; where a system call is
// dear (a paravirtualized guest: 14-20% of all CPU under PutItem was syscall
// entry and wake-ups) that is a large part of a write. Here a WAL file holds
// contiguous writes back and writes them in one call when the commit's last
// frame is written, before SQLite publishes the commit in the WAL index: so
// every reader, and a process killed right after, finds the frames in the
// file exactly as before, and a failed write still fails the commit.
// Anything else done to the file (read, sync, truncate, size, file control,
// close) first writes what is held.
#pragma once

namespace localcloud::sqlite {

// Registers the VFS once; returns its name for a `vfs=` URI parameter.
const char* wal_gather_vfs();

}  // namespace localcloud::sqlite
