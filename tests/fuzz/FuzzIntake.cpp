// libFuzzer entry: any bytes through the whole intake check, as a submission would go.
#include <grantflow/ApplicationIntake.h>

#include <cstddef>
#include <cstdint>

namespace {

const grantflow::ApplicationIntake& intake() {
    static grantflow::ApplicationIntake instance([] {
        grantflow::IntakeSettings settings;
        settings.schemaPath = GRANTFLOW_SOURCE_DIR "/schemas/application.xsd";
        settings.limits.maxBytes = 1 << 20;
        return settings;
    }());
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto checked = intake().check("fuzz", std::string(reinterpret_cast<const char*>(data), size));
    // An accepted document must have what registration needs.
    if (checked.accepted() && (checked.applicationXml.empty() || checked.sha256.size() != 64)) __builtin_trap();
    return 0;
}
