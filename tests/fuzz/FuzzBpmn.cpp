// libFuzzer entry: any bytes through the deploy check, as `grantflow deploy` reads a
// file. BPMN comes from an administrator's modeler, not from the public, but a
// broken or hostile file must still be refused, never crash the loader or hang it.
#include <grantflow/workflow/BpmnLoader.h>
#include <grantflow/workflow/ServiceRegistry.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

const grantflow::workflow::LoaderSettings& settings() {
    static const grantflow::workflow::LoaderSettings instance = [] {
        grantflow::workflow::LoaderSettings s;
        s.outcomeSchemaDirectory = GRANTFLOW_SOURCE_DIR "/schemas/outcomes";
        s.knownPlugins = grantflow::workflow::ServiceRegistry().names();
        return s;
    }();
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto loaded = grantflow::workflow::BpmnLoader(settings()).load(std::string(reinterpret_cast<const char*>(data), size));
    // Refused whole or deployed whole: never both, never neither.
    if (loaded.problems.empty() == loaded.processes.empty()) __builtin_trap();
    for (const auto& process : loaded.processes)
        if (process.key.empty() || !process.nodes.count(process.startNode)) __builtin_trap();
    return 0;
}
