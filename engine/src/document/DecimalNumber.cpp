#include <grantflow/DecimalNumber.h>

namespace grantflow {

std::optional<long long> decimalNumber(std::string_view text) {
    // 18 digits always fit in a long long, so the sum below cannot overflow.
    if (text.empty() || text.size() > 18) return std::nullopt;
    long long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace grantflow
