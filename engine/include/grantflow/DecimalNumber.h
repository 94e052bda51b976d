// Numbers that name things (a task, a stored document), read the way they were
// printed: decimal digits only. Poco's parsers also take "+9", " 9" and "0x9",
// which turns a typo into a real task number.
#pragma once

#include <optional>
#include <string_view>

namespace grantflow {

// The number `text` spells with 1 to 18 decimal digits and nothing else, else nothing.
std::optional<long long> decimalNumber(std::string_view text);

}  // namespace grantflow
