// A VFS over SQLite's unix-excl whose WAL files write each commit at once.
//
// SQLite appends a WAL frame as two writes, its 24-byte header and then the
// page, so a commit of n pages costs 2n pwrite calls; where a system call is
// dear (a paravirtualized guest: 14-20% of all CPU under PutItem was syscall
// entry and wake-ups) that is a large part of a write. Here a WAL file holds
// contiguous writes back (in pieces under 96 KiB, the most the unix VFS
// writes in one call) and writes them when the commit frame's page is
// written, before SQLite publishes the commit in the WAL index: so every
// reader, and a process killed right after, finds the frames in the file
// exactly as before, and a failed write still fails the commit.
//
// It relies on SQLite writing a frame as header, then page, with bytes 4..7
// of a commit frame's header non-zero (the WAL format). Should a later SQLite
// write frames otherwise, StoreTest.EveryAcknowledgedWriteIsInTheFiles, which
// copies the files right after each acknowledged write, fails.
// Anything else done to the file (read, sync, truncate, size, file control,
// close) first writes what is held.
#pragma once

namespace localcloud::sqlite {

// Registers the VFS once; returns its name for a `vfs=` URI parameter.
const char* wal_gather_vfs();

}  // namespace localcloud::sqlite
