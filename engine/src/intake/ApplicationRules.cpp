#include <grantflow/ApplicationRules.h>

#include <grantflow/CheckDigits.h>

#include "document/XmlNavigation.h"

#include <libxml/tree.h>

#include <cstdio>
#include <optional>
#include <vector>

namespace grantflow {

namespace {

const char* const applicationNamespace = "urn:grantflow:application:1";

xmlNodePtr child(const xmlNode* parent, const char* name) { return xml::child(parent, name, applicationNamespace); }

std::vector<xmlNodePtr> children(const xmlNode* parent, const char* name) {
    return xml::children(parent, name, applicationNamespace);
}

bool isElement(const xmlNode* node, const char* name) { return xml::isElement(node, name, applicationNamespace); }

std::string valueOf(const xmlNode* node) { return xml::trimmedText(node); }

// Whole non-negative kronor as written in the document, or nothing if it is not one.
std::optional<long long> amountOf(const xmlNode* node) {
    std::string text = valueOf(node);
    if (text.empty() || text.size() > 15) return std::nullopt;
    long long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

struct Date {
    int year, month, day;
    bool operator<(const Date& other) const {
        if (year != other.year) return year < other.year;
        if (month != other.month) return month < other.month;
        return day < other.day;
    }
};

bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

// YYYY-MM-DD that names a day in the calendar; anything else is nothing.
std::optional<Date> dateOf(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    Date date{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)), std::stoi(text.substr(8, 2))};
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month))
        return std::nullopt;
    return date;
}

std::string kronor(long long amount) {
    std::string digits = std::to_string(amount), grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ' ';
        grouped += digits[i];
    }
    return grouped + " kr";
}

class RuleCheck {
public:
    explicit RuleCheck(Problems& problems) : _problems(problems) {}

    void report(const xmlNode* node, const char* code, std::string message) {
        _problems.push_back({code, pathOf(node), static_cast<int>(xmlGetLineNo(node)), 0, std::move(message)});
    }

    // A date element that must hold a real date; returns it when it does.
    std::optional<Date> realDate(const xmlNode* node) {
        if (!node) return std::nullopt;
        std::string text = valueOf(node);
        auto date = dateOf(text);
        if (!date) report(node, "invalid-date", "'" + text + "' is not a date (YYYY-MM-DD that exists in the calendar)");
        return date;
    }

private:
    Problems& _problems;
};

}  // namespace

Problems ApplicationRules::check(const XmlDocument& application) const {
    Problems problems;
    RuleCheck rules(problems);
    xmlNodePtr root = application.root();
    if (!isElement(root, "application")) return problems;

    if (xmlNodePtr grant = child(root, "grant")) {
        std::string id = valueOf(grant);
        if (!_knownGrants.count(id)) {
            std::string known;
            for (const auto& name : _knownGrants) known += (known.empty() ? "" : ", ") + name;
            rules.report(grant, "unknown-grant",
                         "grant '" + id + "' is not a grant this system handles (known: " + known + ")");
        }
    }

    xmlNodePtr organisation = child(child(root, "applicant"), "organisation");
    if (xmlNodePtr number = child(organisation, "orgNumber")) {
        std::string text = valueOf(number);
        if (text.size() == 11 && luhnValid(text.substr(0, 6) + text.substr(7)) && !organisationNumberValid(text))
            rules.report(number, "orgnumber-not-legal-entity",
                         "organisation number " + text + " belongs to a person, not an organisation (third digit below 2)");
        else if (!organisationNumberValid(text))
            rules.report(number, "orgnumber-check-digit",
                         "organisation number " + text + " fails its check digit (Luhn)");
    }
    if (xmlNodePtr bankgiro = child(organisation, "bankgiro")) {
        std::string text = valueOf(bankgiro);
        if (!bankgiroValid(text))
            rules.report(bankgiro, "bankgiro-check-digit", "bankgiro " + text + " fails its check digit (Luhn)");
    }

    xmlNodePtr project = child(root, "project");
    xmlNodePtr period = child(project, "period");
    auto start = rules.realDate(child(period, "start"));
    auto end = rules.realDate(child(period, "end"));
    if (start && end && !(*start < *end))
        rules.report(period, "period-order",
                     "the project period ends (" + valueOf(child(period, "end")) + ") before it starts (" +
                         valueOf(child(period, "start")) + ")");
    for (xmlNodePtr activity : children(child(project, "activities"), "activity")) {
        auto from = rules.realDate(child(activity, "start"));
        auto to = rules.realDate(child(activity, "end"));
        if (from && to && *to < *from)
            rules.report(activity, "activity-order", "the activity ends before it starts");
        if ((from && start && *from < *start) || (to && end && *end < *to))
            rules.report(activity, "activity-outside-period", "the activity lies outside the project period");
    }

    xmlNodePtr targetGroup = child(project, "targetGroup");
    std::vector<xmlNodePtr> countries = children(targetGroup, "country");
    for (xmlNodePtr partner : children(child(project, "partners"), "partner"))
        if (xmlNodePtr country = child(partner, "country")) countries.push_back(country);
    for (xmlNodePtr country : countries) {
        std::string code = valueOf(country);
        if (!isIsoCountryCode(code))
            rules.report(country, "unknown-country", "'" + code + "' is not an ISO 3166-1 alpha-2 country code");
    }

    xmlNodePtr budget = child(root, "budget");
    xmlNodePtr requestedNode = child(budget, "requested");
    long long lines = 0, coFinancing = 0;
    bool allAmounts = requestedNode != nullptr;
    std::vector<xmlNodePtr> amountNodes = children(budget, "line");
    for (xmlNodePtr part : children(budget, "coFinancing")) amountNodes.push_back(child(part, "amount"));
    amountNodes.push_back(requestedNode);
    for (xmlNodePtr node : amountNodes)
        if (node && !amountOf(node))
            rules.report(node, "not-kronor",
                         "'" + valueOf(node) + "' is not an amount in whole, non-negative kronor");
    for (xmlNodePtr line : children(budget, "line")) {
        auto amount = amountOf(line);
        allAmounts = allAmounts && amount;
        lines += amount.value_or(0);
    }
    for (xmlNodePtr part : children(budget, "coFinancing")) {
        auto amount = amountOf(child(part, "amount"));
        allAmounts = allAmounts && amount;
        coFinancing += amount.value_or(0);
    }
    auto requested = amountOf(requestedNode);
    // Amounts that are not whole kronor are the schema's to report; only sums of real amounts are checked.
    if (allAmounts && requested && lines != coFinancing + *requested)
        rules.report(requestedNode, "budget-does-not-balance",
                     "the amount requested (" + kronor(*requested) + ") must be the budget lines (" + kronor(lines) +
                         ") less co-financing (" + kronor(coFinancing) + "), that is " +
                         (lines >= coFinancing ? kronor(lines - coFinancing) : "a negative amount"));
    return problems;
}

}  // namespace grantflow
