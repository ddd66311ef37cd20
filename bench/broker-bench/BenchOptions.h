#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <variant>

// What one broker-bench run does. Parsed from the command line; see --help.
struct BenchOptions
{
    enum class Scenario { Register, Publish, Request, Mixed, Hold };

    QUrl url;
    Scenario scenario = Scenario::Register;
    int connections = 32;
    double durationSeconds = 10;
    double warmupSeconds = 1;
    int shares = 1000;    // request/mixed: tokens TOKEN_PREFIX0 .. TOKEN_PREFIX(shares-1)
    bool preload = false; // publish those shares first
    QString tokenPrefix = QStringLiteral("bench-");
    qint64 daemonPid = 0; // for resident memory; 0 = not reported
    QString bearerToken;
    QString password;          // register_user's password (a broker's BROKER_PASSWORD)
    int heartbeatSeconds = 10; // hold: heartbeat interval of every held connection
    int probeConnections = 8;  // hold: connections measuring request latency
    bool json = false;

    static QString scenarioName(Scenario scenario);
    // The options, or an error message.
    static std::variant<BenchOptions, QString> parse(const QStringList &arguments);
};
