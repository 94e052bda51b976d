#include "ApplicationGenerator.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

namespace grantflow::cli {

namespace {

const char* const associationStems[] = {"Bosnisk-Svenska Broar", "Hemvändarna", "Irakiska Kulturföreningen",
                                        "Somaliska Riksförbundet", "Föreningen Återvända", "Afghanska Ungdomsrådet",
                                        "Eritreanska Föreningen", "Kurdiska Kvinnoförbundet", "Syriska Nätverket",
                                        "Stiftelsen Nya Steg", "Srpsko-Švedsko Društvo", "Hrvatska Zajednica Göteborg"};
const char* const cities[] = {"Västerås", "Malmö", "Göteborg", "Örebro", "Eskilstuna", "Borlänge",
                              "Jönköping", "Umeå", "Södertälje", "Norrköping", "Luleå", "Växjö"};
const char* const givenNames[] = {"Amra", "Đorđe", "Zainab", "Ćamil", "Šejla", "Johanna", "Ahmed", "Åsa",
                                  "Mirsad", "Hodan", "Örjan", "Dževad", "Leyla", "Björn", "Fatima", "Nermin"};
const char* const familyNames[] = {"Hodžić", "Šćekić", "Al-Tamimi", "Eriksson", "Mohammed", "Đukić",
                                   "Karlsson", "Ćosić", "Yusuf", "Lindström", "Begović", "Nilsson"};
const char* const countries[] = {"BA", "IQ", "SO", "AF", "SY", "ER", "RS", "HR", "XK", "IR", "ET", "SS"};
const char* const kinds[] = {"information", "utbildning", "reintegrering", "forstudie"};
const char* const bases[] = {"flykting", "skyddsbehovande", "kvotflykting"};
const char* const forms[] = {"ideell-forening", "stiftelse", "trossamfund", "kommun"};
const char* const categories[] = {"personal", "resor", "lokaler", "information", "material", "externa-tjanster", "ovrigt"};
const char* const activityWords[] = {"Informationsmöten", "Utbildning i yrkesspråk", "Studiebesök",
                                     "Mentorsträffar", "Kartläggning av behov", "Uppföljning och slutrapport"};

template <class T, std::size_t N>
const T& pick(std::mt19937_64& random, const T (&items)[N]) {
    return items[random() % N];
}

char luhnDigit(const std::string& digits) {
    int sum = 0;
    bool doubleIt = true;  // the digit to be appended will be in the undoubled position
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int value = *it - '0';
        if (doubleIt) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
        sum += value;
        doubleIt = !doubleIt;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string digits(std::mt19937_64& random, int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += static_cast<char>('0' + random() % 10);
    return text;
}

std::string date(int year, int month, int day) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

}  // namespace

std::string ApplicationGenerator::application(std::uint64_t index) const { return build(index, -1); }

std::string ApplicationGenerator::brokenApplication(std::uint64_t index) const {
    return build(index, static_cast<int>(index % 3));
}

std::string ApplicationGenerator::build(std::uint64_t index, int brokenRule) const {
    std::mt19937_64 random(_seed * 0x9E3779B97F4A7C15ULL + index);
    std::string orgNumber = std::to_string(2 + random() % 8) + digits(random, 1) +
                            std::to_string(2 + random() % 8) + digits(random, 6);
    orgNumber += luhnDigit(orgNumber);
    if (brokenRule == 0) orgNumber.back() = static_cast<char>('0' + (orgNumber.back() - '0' + 1) % 10);
    orgNumber.insert(6, "-");
    std::string bankgiro = digits(random, 5 + static_cast<int>(random() % 2));
    bankgiro = std::to_string(1 + random() % 9) + bankgiro;
    bankgiro += luhnDigit(bankgiro);
    bankgiro.insert(bankgiro.size() - 4, "-");

    const std::string city = pick(random, cities);
    const std::string contact = std::string(pick(random, givenNames)) + " " + pick(random, familyNames);
    const std::string signatory = std::string(pick(random, givenNames)) + " " + pick(random, familyNames);
    const std::string kind = pick(random, kinds);
    const int startYear = 2027, startMonth = 1 + static_cast<int>(random() % 6);
    const int months = 3 + static_cast<int>(random() % 18);
    const int endMonth = (startMonth - 1 + months) % 12 + 1, endYear = startYear + (startMonth - 1 + months) / 12;
    std::string start = date(startYear, startMonth, 1), end = date(endYear, endMonth, 28);
    if (brokenRule == 2) std::swap(start, end);

    std::string xml;
    xml.reserve(4096);
    xml += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<application xmlns=\"urn:grantflow:application:1\" lang=\"";
    xml += random() % 5 == 0 ? "en" : "sv";
    xml += "\">\n  <grant>aterv-projektstod</grant>\n  <reference>E-BENCH-" + std::to_string(_seed) + "-" +
           std::to_string(index) + "</reference>\n  <submitted>2026-11-2" + std::to_string(random() % 7) +
           "T10:15:00+01:00</submitted>\n  <applicant>\n    <organisation>\n      <name>" +
           pick(random, associationStems) + " i " + city + "</name>\n      <orgNumber>" + orgNumber +
           "</orgNumber>\n      <form>" + pick(random, forms) + "</form>\n      <address>\n        <street>Storgatan " +
           std::to_string(1 + random() % 80) + "</street>\n        <postalCode>" + std::to_string(100 + random() % 900) +
           " " + std::to_string(10 + random() % 90) + "</postalCode>\n        <city>" + city +
           "</city>\n      </address>\n      <bankgiro>" + bankgiro +
           "</bankgiro>\n    </organisation>\n    <contact>\n      <name>" + contact +
           "</name>\n      <email>kontakt" + std::to_string(index) + "@forening.example</email>\n      <phone>+46 " +
           std::to_string(10 + random() % 90) + " " + digits(random, 3) + " " + digits(random, 2) + " " +
           digits(random, 2) + "</phone>\n    </contact>\n    <signatory>\n      <name>" + signatory +
           "</name>\n      <role>ordförande</role>\n    </signatory>\n  </applicant>\n  <project>\n    <title>" +
           pick(random, activityWords) + " inför återvandring – projekt " + std::to_string(index) +
           "</title>\n    <kind>" + kind + "</kind>\n    <period>\n      <start>" + start + "</start>\n      <end>" +
           end + "</end>\n    </period>\n    <targetGroup>\n      <basis>" + pick(random, bases) + "</basis>\n";
    const int countryCount = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < countryCount; ++i) xml += std::string("      <country>") + pick(random, countries) + "</country>\n";
    xml += "      <participants>" + std::to_string(10 + random() % 300) +
           "</participants>\n    </targetGroup>\n    <summary>Projektet ger personer med uppehållstillstånd som "
           "flyktingar saklig information om bostad, arbete, skola och vård i hemlandet, så att var och en "
           "själv kan avgöra om och när de vill återvandra. Insatserna genomförs i " +
           city + " med partner i mottagarlandet.</summary>\n";
    if (random() % 3) {
        xml += "    <activities>\n";
        const int activities = 1 + static_cast<int>(random() % 5);
        for (int i = 0; i < activities; ++i)
            xml += std::string("      <activity>\n        <description>") + pick(random, activityWords) +
                   "</description>\n      </activity>\n";
        xml += "    </activities>\n";
    }
    if (random() % 2) {
        xml += std::string("    <partners>\n      <partner>\n        <name>Center for Local Development and "
                           "Diaspora</name>\n        <country>") +
               pick(random, countries) + "</country>\n        <role>Lokal kunskap</role>\n      </partner>\n    </partners>\n";
    }
    xml += "  </project>\n  <budget currency=\"SEK\">\n";
    std::vector<const char*> lines(std::begin(categories), std::end(categories));
    std::shuffle(lines.begin(), lines.end(), random);
    lines.resize(1 + random() % lines.size());
    long long total = 0;
    for (const char* category : lines) {
        long long amount = static_cast<long long>(5 + random() % 400) * 1000;
        total += amount;
        xml += std::string("    <line category=\"") + category + "\">" + std::to_string(amount) + "</line>\n";
    }
    long long coFinancing = random() % 2 ? (total / 10 / 1000) * 1000 : 0;
    if (coFinancing > 0)
        xml += "    <coFinancing>\n      <source>" + city + " kommun</source>\n      <amount>" +
               std::to_string(coFinancing) + "</amount>\n    </coFinancing>\n";
    long long requested = total - coFinancing + (brokenRule == 1 ? 1000 : 0);
    xml += "    <requested>" + std::to_string(requested) + "</requested>\n  </budget>\n</application>\n";
    return xml;
}

}  // namespace grantflow::cli
