// Answers one HTTP request of the API: finds the route, authenticates the
// caller, checks the role matrix, does the work on a pooled store connection,
// and answers in JSON. Refusals are 4xx with {"error", "where"}; a failure of
// the store is a 503 (busy) or 500 with the same shape, and is logged.
#pragma once

#include "http/ApiContext.h"
#include "http/ApiExchange.h"

#include <grantflow/http/RoleMatrix.h>

#include <Poco/Net/HTTPRequestHandler.h>

namespace grantflow::http {

class ApiRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiRequestHandler(ApiContext& context) : _context(context) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
    // Runs the route the request names; sets _route to its pattern for the metrics.
    void dispatch(ApiExchange& exchange);
    Principal authenticate(ApiExchange& exchange);
    void require(const Principal& principal, Permission permission);

    void health(ApiExchange& exchange);
    void token(ApiExchange& exchange);
    void metrics(ApiExchange& exchange);
    // Cases (CaseRoutes.cpp).
    void submit(ApiExchange& exchange, const Principal& principal);
    void listCases(ApiExchange& exchange);
    void showCase(ApiExchange& exchange, const std::string& dnr);
    void download(ApiExchange& exchange, const std::string& dnr, const std::string& documentId);
    // Tasks and messages (TaskRoutes.cpp).
    void listTasks(ApiExchange& exchange, const Principal& principal);
    void claim(ApiExchange& exchange, const Principal& principal, const std::string& taskId);
    void complete(ApiExchange& exchange, const Principal& principal, const std::string& taskId);
    void deliverMessage(ApiExchange& exchange, const Principal& principal, const std::string& dnr,
                        const std::string& name);
    // 12 § förvaltningslagen (DecisionRequestRoutes.cpp).
    void decisionRequest(ApiExchange& exchange, const Principal& principal, const std::string& dnr);
    void listDeadlines(ApiExchange& exchange);
    // The register of granted projects (GrantedRoute.cpp).
    void listGranted(ApiExchange& exchange);
    // Workflows and plugins (WorkflowRoutes.cpp).
    void listWorkflows(ApiExchange& exchange);
    void deploy(ApiExchange& exchange, const Principal& principal);
    void listPlugins(ApiExchange& exchange);

    ApiContext& _context;
    std::string _route = "unknown";
};

}  // namespace grantflow::http
