// The case officers of the benchmarks: answers every task of the shipped grant
// review with a fixed outcome (anna checks and assesses, bo reviews, dora decides)
// and delivers the final report, acting only on what the store says, so a killed
// run can be started again and finishes what is left.
#pragma once

#include <grantflow/workflow/WorkflowEngine.h>

#include <string>

namespace grantflow::cli {

// Moves one case to the end of its workflow, one durable step at a time; returns
// the steps taken. Throws Poco::RuntimeException when the case gets stuck.
long long driveToEnd(workflow::WorkflowEngine& engine, const std::string& referenceNumber);

}  // namespace grantflow::cli
