#include "BackgroundThread.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace grantflow {

void becomeBackgroundThread(const char* name) {
    // On Linux a thread has a nice value of its own, addressed by its thread id.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
    pthread_setname_np(pthread_self(), name);
}

}  // namespace grantflow
