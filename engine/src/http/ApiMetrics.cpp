#include "http/ApiMetrics.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <ctime>
#include <sstream>

namespace grantflow::http {

using namespace Poco::Data::Keywords;

namespace {

std::string label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

// Rows of a query with a text label and a number, as "name{key="label"} number" lines.
void gauge(std::ostringstream& out, Poco::Data::Session& session, const std::string& name, const std::string& help,
           const std::string& key, const std::string& sql) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n";
    Poco::Data::Statement select(session);
    select << sql;
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext())
        out << name << "{" << key << "=\"" << label(rows[0].convert<std::string>()) << "\"} "
            << rows[1].convert<std::string>() << "\n";
}

void single(std::ostringstream& out, Poco::Data::Session& session, const std::string& name, const std::string& help,
            const std::string& sql) {
    Poco::Int64 value = 0;
    session << sql, into(value), now;
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n" << name << " " << value << "\n";
}

}  // namespace

constexpr std::array<double, 12> ApiMetrics::bounds;

void ApiMetrics::record(const std::string& route, int status, double seconds) {
    std::lock_guard<std::mutex> lock(_mutex);
    ++_requests[{route, status}];
    Histogram& h = _latency[route];
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (seconds <= bounds[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

std::string ApiMetrics::render(Poco::Data::Session& session) {
    std::ostringstream out;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        out << "# HELP grantflow_http_requests_total Requests answered, by route and status.\n"
               "# TYPE grantflow_http_requests_total counter\n";
        for (const auto& [key, count] : _requests)
            out << "grantflow_http_requests_total{route=\"" << label(key.first) << "\",status=\"" << key.second
                << "\"} " << count << "\n";
        out << "# HELP grantflow_http_request_duration_seconds Time to answer a request, by route.\n"
               "# TYPE grantflow_http_request_duration_seconds histogram\n";
        for (const auto& [route, h] : _latency) {
            std::string r = label(route);
            for (std::size_t i = 0; i < bounds.size(); ++i)
                out << "grantflow_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"" << bounds[i]
                    << "\"} " << h.buckets[i] << "\n";
            out << "grantflow_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} " << h.count
                << "\n";
            out << "grantflow_http_request_duration_seconds_sum{route=\"" << r << "\"} " << h.sum << "\n";
            out << "grantflow_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count << "\n";
        }
    }
    const std::string nowSeconds = std::to_string(static_cast<long long>(std::time(nullptr)));
    gauge(out, session, "grantflow_cases", "Cases by state.", "state",
          "SELECT state, COUNT(*) FROM cases GROUP BY state ORDER BY state");
    gauge(out, session, "grantflow_tasks_waiting", "Open user tasks by step.", "step",
          "SELECT node, COUNT(*) FROM tasks WHERE state = 'open' GROUP BY node ORDER BY node");
    gauge(out, session, "grantflow_tasks_oldest_age_seconds", "Age of the oldest open task, by step.", "step",
          "SELECT node, MAX(0, " + nowSeconds + " - MIN(created_at)) FROM tasks WHERE state = 'open' "
          "GROUP BY node ORDER BY node");
    gauge(out, session, "grantflow_jobs", "Service and timer jobs by state.", "state",
          "SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state");
    single(out, session, "grantflow_jobs_due", "Jobs due now and not yet run.",
           "SELECT COUNT(*) FROM jobs WHERE state = 'ready' AND due_at <= " + nowSeconds);
    single(out, session, "grantflow_incidents_open", "Incidents not yet resolved.",
           "SELECT COUNT(*) FROM incidents WHERE resolved_at IS NULL");
    return out.str();
}

}  // namespace grantflow::http
