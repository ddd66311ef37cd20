#include "BenchRunner.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {
constexpr int kWave = 200; // handshakes in flight at once
}

BenchRunner::BenchRunner(const BenchOptions &options, QObject *parent)
    : QObject(parent), m_options(options)
{
}

void BenchRunner::start()
{
    m_idleRssKiB = daemonRssKiB();
    m_clock.start();
    const int total = m_options.connections;
    m_connections.reserve(size_t(total));
    for (int i = 0; i < total; ++i) {
        auto *connection = new BenchConnection(i, m_options, this);
        connect(connection, &BenchConnection::registered, this, [this] {
            if (++m_registered == int(m_connections.size()))
                allRegistered();
            else if (m_registered == m_opened)
                openNextWave();
        });
        connect(connection, &BenchConnection::failed, this, [this](const QString &reason) {
            fail(u"a connection failed before registering: "_s + reason);
        });
        connect(connection, &BenchConnection::dropped, this, [this] { ++m_dropped; });
        m_connections.push_back(connection);
    }
    openNextWave();
}

void BenchRunner::openNextWave()
{
    const int end = std::min(int(m_connections.size()), m_opened + kWave);
    for (; m_opened < end; ++m_opened)
        m_connections[size_t(m_opened)]->open();
}

void BenchRunner::allRegistered()
{
    QTextStream(stderr) << m_connections.size() << " connections registered in "
                        << m_clock.elapsed() << " ms" << Qt::endl;
    if (!m_options.preload) {
        startLoad();
        return;
    }
    for (BenchConnection *connection : m_connections) {
        connect(connection, &BenchConnection::preloadDone, this, [this] {
            if (++m_preloadsDone == int(m_connections.size())) {
                QTextStream(stderr) << m_options.shares << " shares preloaded" << Qt::endl;
                startLoad();
            }
        });
        connection->preload(&m_preloadNext, m_options.shares);
    }
}

void BenchRunner::startLoad()
{
    if (m_options.scenario == BenchOptions::Scenario::Hold) {
        m_heldRssKiB = daemonRssKiB();
        // Every held connection heartbeats once per interval, spread over it in 100 ms slices.
        m_heartbeats.setInterval(100);
        connect(&m_heartbeats, &QTimer::timeout, this, &BenchRunner::heartbeatSlice);
        m_heartbeats.start();
        for (int i = 0; i < m_options.probeConnections; ++i) {
            auto *probe = new BenchConnection(m_options.connections + i, m_options, this);
            connect(probe, &BenchConnection::registered, probe,
                    [probe] { probe->run(BenchOptions::Scenario::Request); });
            m_probes.push_back(probe);
            probe->open();
        }
    } else {
        for (BenchConnection *connection : m_connections)
            connection->run(m_options.scenario);
    }
    QTimer::singleShot(int(m_options.warmupSeconds * 1000), this, &BenchRunner::startMeasuring);
}

void BenchRunner::heartbeatSlice()
{
    const size_t perSlice =
        std::max<size_t>(1, m_connections.size() / size_t(m_options.heartbeatSeconds * 10));
    for (size_t i = 0; i < perSlice && !m_connections.empty(); ++i) {
        m_connections[m_heartbeatCursor]->sendHeartbeat();
        m_heartbeatCursor = (m_heartbeatCursor + 1) % m_connections.size();
    }
}

void BenchRunner::startMeasuring()
{
    const auto &measured = m_probes.empty() ? m_connections : m_probes;
    for (BenchConnection *connection : measured)
        connection->setMeasuring(true);
    m_measured.start();
    QTimer::singleShot(int(m_options.durationSeconds * 1000), this, &BenchRunner::finish);
}

void BenchRunner::finish()
{
    const double seconds = double(m_measured.nsecsElapsed()) / 1e9;
    const auto &measured = m_probes.empty() ? m_connections : m_probes;
    LatencyRecorder latencies;
    quint64 operations = 0;
    QHash<QString, quint64> errors;
    quint64 errorTotal = 0;
    for (BenchConnection *connection : measured) {
        connection->setMeasuring(false);
        connection->stopLoop();
        latencies.merge(connection->latencies());
        operations += connection->completed();
        for (auto it = connection->errors().cbegin(); it != connection->errors().cend(); ++it) {
            errors[it.key()] += it.value();
            errorTotal += it.value();
        }
    }
    int open = 0;
    for (BenchConnection *connection : m_connections)
        open += connection->isOpen() ? 1 : 0;

    QJsonObject errorCodes;
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        errorCodes.insert(it.key(), double(it.value()));
    const qint64 rss = daemonRssKiB();
    QJsonObject result{
        {"scenario"_L1, BenchOptions::scenarioName(m_options.scenario)},
        {"connections"_L1, m_options.connections},
        {"seconds"_L1, seconds},
        {"operations"_L1, double(operations)},
        {"throughput_per_second"_L1, double(operations) / seconds},
        {"latency_ms"_L1, QJsonObject{{"p50"_L1, latencies.percentileMs(50)},
                                      {"p99"_L1, latencies.percentileMs(99)},
                                      {"max"_L1, latencies.maxMs()}}},
        {"errors"_L1, QJsonObject{{"total"_L1, double(errorTotal)}, {"by_code"_L1, errorCodes}}},
        {"connections_open_at_end"_L1, open},
        {"connections_dropped"_L1, m_dropped},
    };
    if (m_options.daemonPid > 0) {
        result.insert("daemon_rss_kib"_L1, double(rss));
        result.insert("daemon_rss_before_kib"_L1, double(m_idleRssKiB));
        if (m_heldRssKiB > 0)
            result.insert("daemon_rss_per_connection_kib"_L1,
                          double(m_heldRssKiB - m_idleRssKiB) / m_options.connections);
    }

    QTextStream out(stdout);
    if (m_options.json) {
        out << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        out << "scenario     " << result.value("scenario"_L1).toString() << " with "
            << m_options.connections << " connections for " << seconds << " s\n"
            << "throughput   " << qRound64(double(operations) / seconds) << " /s (" << operations
            << " operations)\n"
            << "latency ms   p50 " << latencies.percentileMs(50) << "  p99 "
            << latencies.percentileMs(99) << "  max " << latencies.maxMs() << "\n"
            << "errors       " << errorTotal
            << (errorTotal ? u" "_s + QString::fromUtf8(
                                          QJsonDocument(errorCodes).toJson(QJsonDocument::Compact))
                           : QString())
            << "\n"
            << "connections  " << open << " open at the end, " << m_dropped << " dropped\n";
        if (m_options.daemonPid > 0)
            out << "daemon RSS   " << rss << " KiB (" << m_idleRssKiB << " KiB before)\n";
        out.flush();
    }
    QCoreApplication::exit(m_dropped > 0 ? 1 : 0);
}

void BenchRunner::fail(const QString &reason)
{
    QTextStream(stderr) << "broker-bench: " << reason << Qt::endl;
    QCoreApplication::exit(1);
}

qint64 BenchRunner::daemonRssKiB() const
{
    if (m_options.daemonPid <= 0)
        return 0;
    QFile status(u"/proc/%1/status"_s.arg(m_options.daemonPid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}
