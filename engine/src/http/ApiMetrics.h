// What GET /metrics reports, in the Prometheus text format: request counts and
// latency histograms per route, and from the store at scrape time the cases by
// state, the tasks waiting per step with the age of the oldest, the jobs and
// the open incidents.
#pragma once

#include <Poco/Data/Session.h>

#include <array>
#include <map>
#include <mutex>
#include <string>

namespace grantflow::http {

class ApiMetrics {
public:
    // route is the pattern ("POST /api/tasks/{id}/complete"), so the label set stays small.
    void record(const std::string& route, int status, double seconds);
    // The whole exposition: request metrics and the store's gauges.
    std::string render(Poco::Data::Session& session);

private:
    static constexpr std::array<double, 12> bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
    struct Histogram {
        std::array<long long, bounds.size()> buckets{};
        long long count = 0;
        double sum = 0;
    };
    std::mutex _mutex;
    std::map<std::pair<std::string, int>, long long> _requests;
    std::map<std::string, Histogram> _latency;
};

}  // namespace grantflow::http
