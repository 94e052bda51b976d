// For threads that do work ahead of time or behind the scenes (preparing letters,
// checkpointing the log): the writer, which every step waits for, and the server's
// request threads come first when the cores are all busy.
#pragma once

namespace grantflow {

// Lowers the calling thread's priority (nice 5) and names it as top and perf show it
// (at most 15 characters).
void becomeBackgroundThread(const char* name);

}  // namespace grantflow
