// The case officers of the benchmarks: answers every task of the shipped grant
// review with a fixed outcome (anna checks and assesses, bo reviews, dora decides)
// and delivers the final report, acting only on what the store says, so a killed
// run can be started again and finishes what is left.
#pragma once

#include <grantflow/workflow/WorkflowEngine.h>

#include <functional>
#include <string>
#include <vector>

namespace grantflow::cli {

// Moves every case to the end of its workflow and returns the steps taken. Up to
// `batchSize` cases are under way at once, taken in a few at a time; each round
// moves every one of them a step and runs the jobs that are due (letters render
// meanwhile on the other cores), all in one StepBatch, one commit. batchSize 1
// commits every step on its own. Throws Poco::RuntimeException when a case gets
// stuck.
// `afterCommit`, when given, is called after each round's commit (GroupCommit).
long long driveAllToEnd(workflow::WorkflowEngine& engine, const std::vector<std::string>& referenceNumbers,
                        int batchSize, const std::function<void()>& afterCommit = nullptr);

}  // namespace grantflow::cli
