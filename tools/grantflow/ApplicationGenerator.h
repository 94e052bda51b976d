// Makes realistic, varied applications for benchmarks, demos and tests: Swedish
// and Balkan names with their letters, valid organisation and bankgiro numbers,
// budgets that balance. The same seed and index always give the same document.
#pragma once

#include <cstdint>
#include <string>

namespace grantflow::cli {

class ApplicationGenerator {
public:
    explicit ApplicationGenerator(std::uint64_t seed = 1) : _seed(seed) {}

    // Application number `index`, valid against the schema and the rules.
    std::string application(std::uint64_t index) const;

    // Like application(), but breaking one rule (chosen by index): check digit,
    // budget balance or period order.
    std::string brokenApplication(std::uint64_t index) const;

private:
    std::string build(std::uint64_t index, int brokenRule) const;
    std::uint64_t _seed;
};

}  // namespace grantflow::cli
