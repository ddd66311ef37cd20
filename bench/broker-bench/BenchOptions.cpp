#include "BenchOptions.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

QString BenchOptions::scenarioName(Scenario scenario)
{
    switch (scenario) {
    case Scenario::Register:
        return u"register"_s;
    case Scenario::Publish:
        return u"publish"_s;
    case Scenario::Request:
        return u"request"_s;
    case Scenario::Mixed:
        return u"mixed"_s;
    case Scenario::Hold:
        return u"hold"_s;
    }
    return {};
}

std::variant<BenchOptions, QString> BenchOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Drives a DDALAB broker (or any WebSocket echo server) with N connections, each "
        "sending its next message when the previous one was answered, and reports throughput, "
        "latency percentiles, errors and the daemon's resident memory.\n"
        "Scenarios: register (register, then heartbeats), publish (acked publish_share), "
        "request (request_share of existing shares), mixed (70% request, 20% heartbeat, "
        "10% publish), hold (keep N registered connections open and heartbeating while "
        "probe connections measure request latency)."_s);
    parser.addHelpOption();
    const QCommandLineOption url(u"url"_s, u"ws:// URL of the broker's /ws"_s, u"url"_s);
    const QCommandLineOption scenario(u"scenario"_s, u"register|publish|request|mixed|hold"_s,
                                      u"name"_s, u"register"_s);
    const QCommandLineOption connections(u"connections"_s, u"connections (default 32)"_s, u"n"_s,
                                         u"32"_s);
    const QCommandLineOption duration(u"duration"_s, u"measured seconds (default 10)"_s, u"s"_s,
                                      u"10"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"unmeasured seconds first (default 1)"_s, u"s"_s,
                                    u"1"_s);
    const QCommandLineOption shares(u"shares"_s, u"shares requested from (default 1000)"_s, u"n"_s,
                                    u"1000"_s);
    const QCommandLineOption preload(u"preload"_s, u"publish the shares before measuring"_s);
    const QCommandLineOption prefix(u"token-prefix"_s, u"share tokens' prefix (default bench-)"_s,
                                    u"text"_s, u"bench-"_s);
    const QCommandLineOption pid(u"pid"_s, u"daemon process id, for its resident memory"_s,
                                 u"pid"_s);
    const QCommandLineOption token(u"token"_s, u"bearer token for the upgrade"_s, u"token"_s);
    const QCommandLineOption password(
        u"password"_s, u"register_user's password (a broker's BROKER_PASSWORD)"_s, u"password"_s);
    const QCommandLineOption heartbeat(u"heartbeat"_s, u"hold: heartbeat interval (default 10 s)"_s,
                                       u"s"_s, u"10"_s);
    const QCommandLineOption probes(u"probes"_s, u"hold: request-latency connections (default 8)"_s,
                                    u"n"_s, u"8"_s);
    const QCommandLineOption json(u"json"_s, u"print the result as JSON"_s);
    parser.addOptions({url, scenario, connections, duration, warmup, shares, preload, prefix, pid,
                       token, password, heartbeat, probes, json});
    if (!parser.parse(arguments))
        return parser.errorText();
    if (parser.isSet(u"help"_s))
        return parser.helpText();

    BenchOptions options;
    options.url = QUrl(parser.value(url));
    if (!options.url.isValid() || !options.url.scheme().startsWith(u"ws"_s))
        return u"--url must be a ws:// or wss:// URL"_s;
    const QString name = parser.value(scenario);
    bool known = false;
    for (Scenario candidate : {Scenario::Register, Scenario::Publish, Scenario::Request,
                               Scenario::Mixed, Scenario::Hold}) {
        if (scenarioName(candidate) == name) {
            options.scenario = candidate;
            known = true;
        }
    }
    if (!known)
        return u"unknown scenario '%1'"_s.arg(name);
    options.connections = parser.value(connections).toInt();
    options.durationSeconds = parser.value(duration).toDouble();
    options.warmupSeconds = parser.value(warmup).toDouble();
    options.shares = parser.value(shares).toInt();
    options.preload = parser.isSet(preload);
    options.tokenPrefix = parser.value(prefix);
    options.daemonPid = parser.value(pid).toLongLong();
    options.bearerToken = parser.value(token);
    options.password = parser.value(password);
    options.heartbeatSeconds = parser.value(heartbeat).toInt();
    options.probeConnections = parser.value(probes).toInt();
    options.json = parser.isSet(json);
    if (options.connections < 1 || options.durationSeconds <= 0 || options.shares < 1 ||
        options.heartbeatSeconds < 1 || options.probeConnections < 1)
        return u"--connections, --duration, --shares, --heartbeat and --probes must be positive"_s;
    return options;
}
