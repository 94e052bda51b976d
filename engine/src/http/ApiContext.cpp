#include "http/ApiContext.h"

namespace grantflow::http {

namespace {

// Runs the writes on the writer in one StepBatch; each gets the batch's commit
// ticket, or the error that undid it (its own, or the commit's).
void runTogether(ApiContext& context, const std::vector<ApiContext::PendingWrite*>& writes) {
    std::uint64_t ticket = 0;
    try {
        ApiContext::WriteLease writer(context);
        workflow::StepBatch batch(writer.engine());
        for (auto* write : writes) {
            try {
                batch.unit([&] { write->run(writer); });
            } catch (...) {
                write->error = std::current_exception();
            }
        }
        batch.commit();
        ticket = context.groupCommit->noteCommit();
    } catch (...) {
        for (auto* write : writes)
            if (!write->error) write->error = std::current_exception();
    }
    for (auto* write : writes) write->ticket = ticket;
}

}  // namespace

void ApiContext::combine(PendingWrite& item) {
    std::unique_lock<std::mutex> lock(combineMutex);
    pendingWrites.push_back(&item);
    while (!item.done) {
        if (combining) {
            item.wake.wait(lock);
            continue;
        }
        combining = true;
        std::vector<PendingWrite*> writes;
        writes.swap(pendingWrites);
        lock.unlock();
        runTogether(*this, writes);
        lock.lock();
        combining = false;
        // Wake only whom it concerns: the writes just done, and one that waits, to lead
        // the next batch (a wake-up for every waiting thread cost more than the work).
        for (auto* write : writes) {
            write->done = true;
            if (write != &item) write->wake.notify_one();
        }
        if (!pendingWrites.empty()) pendingWrites.front()->wake.notify_one();
    }
}

}  // namespace grantflow::http
